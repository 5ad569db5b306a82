#!/usr/bin/python3
"""Read and edit the stored records' blob of a masthead database (the
table record_pack, src/recordpack.h), for tests that tamper with it.

  recordpack.py DB id KEY KIND    the record id of entity KEY's kind (0-2)
  recordpack.py DB get RID        that record's text
  recordpack.py DB edit RID EXPR  replace it with EXPR of r (its text)
  recordpack.py DB clear          no record stored
  recordpack.py DB cut N          the blob cut to its first N bytes
"""
import sqlite3
import struct
import sys


def load(c):
    blob = c.execute("SELECT pack FROM record_pack WHERE id = 1").fetchone()[0]
    n = struct.unpack_from("<I", blob)[0]
    off = struct.unpack_from("<%dI" % (n + 1), blob, 4)
    data = 4 + 4 * (n + 1)
    return n, [blob[data + off[i]:data + off[i + 1]].decode() for i in range(n)]


def save(c, n, texts):
    data, off = b"", [0]
    for t in texts:
        data += t.encode()
        off.append(len(data))
    blob = struct.pack("<I", n) + struct.pack("<%dI" % (n + 1), *off) + data
    c.execute("UPDATE record_pack SET pack = ? WHERE id = 1", (blob,))


def main(db, cmd, *args):
    c = sqlite3.connect(db)
    if cmd == "id":
        e = c.execute("SELECT id FROM entity WHERE key = ?", (args[0],)).fetchone()[0]
        print(e * 4 + int(args[1]))
        return
    if cmd == "cut":
        c.execute("UPDATE record_pack SET pack = substr(pack, 1, ?) WHERE id = 1", (int(args[0]),))
        c.commit()
        return
    n, texts = load(c)
    if cmd == "get":
        print(texts[int(args[0])])
        return
    if cmd == "edit":
        rid = int(args[0])
        texts[rid] = eval(args[1], {"json": __import__("json")}, {"r": texts[rid]})
    elif cmd == "clear":
        texts = [""] * n
    else:
        sys.exit("unknown command " + cmd)
    save(c, n, texts)
    c.commit()


if __name__ == "__main__":
    main(*sys.argv[1:])
