#!/usr/bin/python3
"""Read and edit the stored records of a masthead database (the table
record_pack: chunks of 256 record ids, src/recordpack.h), for tests that
tamper with them.

  recordpack.py DB id KEY KIND    the record id of entity KEY's kind (0-2)
  recordpack.py DB get RID        that record's text
  recordpack.py DB edit RID EXPR  replace it with EXPR of r (its text)
  recordpack.py DB clear          no record stored
  recordpack.py DB cut RID N      the chunk holding record RID cut to its
                                  first N bytes
"""
import sqlite3
import struct
import sys

CHUNK = 256


def unpack(blob):
    n = struct.unpack_from("<I", blob)[0]
    off = struct.unpack_from("<%dI" % (n + 1), blob, 4)
    data = 4 + 4 * (n + 1)
    return [blob[data + off[i]:data + off[i + 1]].decode() for i in range(n)]


def pack(texts):
    data, off = b"", [0]
    for t in texts:
        data += t.encode()
        off.append(len(data))
    return struct.pack("<I", len(texts)) + struct.pack("<%dI" % (len(texts) + 1), *off) + data


def load(c):
    texts = []
    for _, blob in c.execute("SELECT id, pack FROM record_pack ORDER BY id"):
        texts += unpack(blob)
    return texts


def save(c, texts):
    for k in range(max(1, (len(texts) + CHUNK - 1) // CHUNK)):
        c.execute("UPDATE record_pack SET pack = ? WHERE id = ?",
                  (pack(texts[k * CHUNK:(k + 1) * CHUNK]), k))


def main(db, cmd, *args):
    c = sqlite3.connect(db)
    if cmd == "id":
        e = c.execute("SELECT id FROM entity WHERE key = ?", (args[0],)).fetchone()[0]
        print(e * 4 + int(args[1]))
        return
    if cmd == "cut":
        c.execute("UPDATE record_pack SET pack = substr(pack, 1, ?) WHERE id = ?",
                  (int(args[1]), int(args[0]) // CHUNK))
        c.commit()
        return
    texts = load(c)
    if cmd == "get":
        print(texts[int(args[0])])
        return
    if cmd == "edit":
        rid = int(args[0])
        texts[rid] = eval(args[1], {"json": __import__("json")}, {"r": texts[rid]})
    elif cmd == "clear":
        texts = [""] * len(texts)
    else:
        sys.exit("unknown command " + cmd)
    save(c, texts)
    c.commit()


if __name__ == "__main__":
    main(*sys.argv[1:])
