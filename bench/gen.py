#!/usr/bin/python3
"""gen.py — deterministic generator of masthead's benchmark corpora.

Writes JSON Lines corpora of news-like records whose markers are the real
forms of outlets in the bundled database (copyright holders, wire credits,
brands, domains, social handles) mixed with filler prose that this file
generates from its own word lists (English, Russian, Spanish, Arabic,
Chinese). No third-party text is copied.

    gen.py text  --db build/masthead.db --mb 500 --out build/bench/text-500mb-s1.jsonl
    gen.py html  --db build/masthead.db --mb 500 --out build/bench/html-500mb-s1.jsonl
    gen.py bigdb --source sources-db --outlets 200000 --out build/bench/bigdb/src

The same arguments and the same database give byte-identical output: one
seeded random.Random drives every choice, database rows are read in a fixed
order, and no set or hash order is ever iterated. Each corpus gets a sidecar
`<out>.meta.json` (records, malformed lines, bytes) that bench/run checks
masthead's --stats against.

Text records: {"id", "title", "text", "url" (about a third), "lang", "date",
sometimes "section" and "tags"}, 2-20 KB of text; about 30% written with
json.dumps' default ensure_ascii (\\uXXXX escapes), the rest as raw UTF-8.
HTML records: {"id", "url" (about a third), "html"}, whole pages of 20-150 KB.
About 1 line in 1000 is malformed, in turn: truncated, a bad escape, valid JSON
that is not an object, invalid UTF-8, a syntax error. `--clean` writes the same
records without those lines (jq stops at the first bad line, so bench/run gives
it this twin).
"""

import argparse
import html as htmlmod
import json
import os
import random
import shutil
import sqlite3
import sys

# ----------------------------------------------------------------- word lists
# Filler vocabulary written for this generator: common words of each
# language, combined at random into sentences that read like news prose
# without being anyone's text.

WORDS = {
    "en": """the government said on minister officials country city police
        people president week report year new public plan agreement talks
        security forces election vote party council court ruling law budget
        economy prices market energy oil gas supply company workers strike
        union hospital health water schools children families residents
        local regional national border military defence army troops ceasefire
        statement spokesman spokeswoman press conference interview according
        sources told reporters on Tuesday Wednesday Thursday Friday Monday
        earlier later last next month morning evening night official data
        showed rose fell percent million billion dollars euros rubles growth
        inflation rates bank central policy decision meeting summit leaders
        foreign affairs ministry embassy delegation visit capital province
        district village road bridge railway airport flight storm flood fire
        rescue teams emergency services damage homes roads power outages
        investigation prosecutors charges trial judge lawyers appeal verdict
        protest rally crowd thousands gathered square streets demanding
        reforms opposition coalition parliament deputies bill amendment
        approved rejected debate session committee chairman director agency
        program project funding aid humanitarian convoy refugees camp shelter
        negotiations sanctions exports imports trade tariffs ports shipping
        cargo vessel coast guard navy exercise drills missile drone attack
        struck region eastern western northern southern central near outside
        about after before during while because however although despite
        also still already again more than least most several many few
        would could should might will has have had was were been is are be
        not no its their his her our this that these those which who what
        when where how why said says added noted warned called urged asked
        expected planned announced confirmed denied declined reported""",
    "ru": """правительство заявил заявила министр чиновники страна город
        полиция люди президент неделя доклад год новый общественный план
        соглашение переговоры безопасность силы выборы голосование партия
        совет суд решение закон бюджет экономика цены рынок энергия нефть
        газ поставки компания рабочие забастовка больница здоровье вода
        школы дети семьи жители местный региональный национальный граница
        армия войска перемирие заявление представитель пресс-служба
        конференция интервью по данным источник сообщил журналистам во
        вторник в среду в четверг в пятницу в понедельник ранее позже
        прошлый следующий месяц утром вечером ночью официальный данные
        показали выросли снизились процентов миллионов миллиардов рублей
        долларов рост инфляция ставка банк центральный политика встреча
        саммит лидеры иностранных дел министерство посольство делегация
        визит столица область район село дорога мост железная аэропорт
        рейс шторм наводнение пожар спасатели экстренные службы ущерб
        дома отключения расследование прокуроры обвинения процесс судья
        адвокаты апелляция приговор протест митинг толпа тысячи собрались
        площадь улицы требуя реформы оппозиция коалиция парламент депутаты
        законопроект поправка одобрили отклонили дебаты сессия комитет
        председатель директор агентство программа проект финансирование
        помощь гуманитарный колонна беженцы лагерь санкции экспорт импорт
        торговля пошлины порты судно побережье флот учения ракета беспилотник
        удар восточный западный северный южный около после до во время
        потому что однако хотя несмотря также ещё уже снова более менее
        несколько многие было были будет может должны не нет его их её
        наш этот который кто что когда где как почему сказал добавил
        отметил предупредил призвал ожидается объявил подтвердил опроверг""",
    "es": """el gobierno dijo ministro funcionarios país ciudad policía la
        gente presidente semana informe año nuevo público plan acuerdo
        conversaciones seguridad fuerzas elecciones voto partido consejo
        tribunal fallo ley presupuesto economía precios mercado energía
        petróleo gas suministro empresa trabajadores huelga hospital salud
        agua escuelas niños familias vecinos local regional nacional frontera
        ejército tropas alto el fuego comunicado portavoz rueda de prensa
        entrevista según fuentes dijeron a los periodistas el martes el
        miércoles el jueves el viernes el lunes antes después pasado próximo
        mes mañana tarde noche oficial datos mostraron subieron bajaron por
        ciento millones mil euros dólares pesos crecimiento inflación tasas
        banco central política decisión reunión cumbre líderes exteriores
        ministerio embajada delegación visita capital provincia municipio
        pueblo carretera puente aeropuerto vuelo tormenta inundación incendio
        rescate equipos servicios de emergencia daños viviendas cortes de
        luz investigación fiscales cargos juicio juez abogados apelación
        sentencia protesta manifestación multitud miles reunidos plaza calles
        exigiendo reformas oposición coalición congreso diputados proyecto
        enmienda aprobado rechazado debate sesión comisión director agencia
        programa financiación ayuda humanitaria refugiados campamento
        negociaciones sanciones exportaciones importaciones comercio puertos
        buque costa armada misil ataque región oriental occidental norte sur
        cerca de tras durante mientras porque sin embargo aunque también
        todavía ya de nuevo más menos varios muchos pocos sería podría
        debería fue fueron ha han había es son no su sus este esta que
        quien cuando donde cómo afirmó añadió señaló advirtió pidió anunció
        confirmó negó informó""",
    "ar": """الحكومة قال وزير المسؤولون البلاد المدينة الشرطة الناس الرئيس
        الأسبوع تقرير العام جديد خطة اتفاق محادثات الأمن القوات الانتخابات
        التصويت الحزب المجلس المحكمة قرار القانون الميزانية الاقتصاد الأسعار
        السوق الطاقة النفط الغاز الإمدادات الشركة العمال إضراب المستشفى
        الصحة المياه المدارس الأطفال العائلات السكان المحلية الإقليمية
        الوطنية الحدود الجيش القوات وقف إطلاق النار بيان المتحدث مؤتمر
        صحفي مقابلة وفقا مصادر أبلغت الصحفيين يوم الثلاثاء الأربعاء الخميس
        الجمعة الاثنين في وقت سابق لاحقا الشهر الماضي المقبل صباح مساء
        ليلة رسمي البيانات أظهرت ارتفعت انخفضت بالمئة مليون مليار دولار
        النمو التضخم البنك المركزي السياسة اجتماع قمة القادة الخارجية
        الوزارة السفارة وفد زيارة العاصمة المحافظة القرية الطريق الجسر
        المطار رحلة عاصفة فيضانات حريق الإنقاذ فرق الطوارئ أضرار المنازل
        انقطاع الكهرباء تحقيق النيابة اتهامات محاكمة القاضي المحامون
        استئناف الحكم احتجاج تظاهرة حشد الآلاف تجمعوا الساحة الشوارع
        مطالبين إصلاحات المعارضة الائتلاف البرلمان النواب مشروع تعديل
        وافق رفض نقاش جلسة لجنة رئيس مدير وكالة برنامج تمويل مساعدات
        إنسانية اللاجئين مخيم مفاوضات عقوبات الصادرات الواردات التجارة
        الموانئ سفينة الساحل البحرية صاروخ هجوم المنطقة الشرقية الغربية
        الشمالية الجنوبية قرب بعد قبل خلال بينما لأن لكن رغم أيضا لا يزال
        بالفعل مجددا أكثر أقل عدة كثير كان كانت سيكون يمكن لم لن هذا هذه
        التي الذي عندما حيث كيف وأضاف وأشار وحذر ودعا وأعلن وأكد ونفى""",
    "zh": """政府 表示 部长 官员 国家 城市 警方 人民 总统 本周 报告 今年 新的
        公共 计划 协议 会谈 安全 部队 选举 投票 政党 委员会 法院 裁决 法律
        预算 经济 价格 市场 能源 石油 天然气 供应 公司 工人 罢工 医院 健康
        用水 学校 儿童 家庭 居民 地方 地区 全国 边境 军队 停火 声明 发言人
        新闻发布会 采访 据 消息人士 告诉 记者 周二 周三 周四 周五 周一 此前
        随后 上个月 下个月 上午 晚上 夜间 官方 数据 显示 上涨 下降 百分之
        百万 亿 美元 人民币 增长 通胀 利率 银行 中央 政策 决定 会议 峰会
        领导人 外交 部门 大使馆 代表团 访问 首都 省份 县 村庄 道路 桥梁
        铁路 机场 航班 风暴 洪水 火灾 救援 队伍 应急 服务 损失 房屋 停电
        调查 检察官 指控 审判 法官 律师 上诉 判决 抗议 集会 人群 数千
        聚集 广场 街道 要求 改革 反对派 联盟 议会 议员 法案 修正案 批准
        拒绝 辩论 会期 主任 机构 项目 资金 援助 人道主义 难民 营地 谈判
        制裁 出口 进口 贸易 关税 港口 航运 货物 船只 海岸 海军 演习 导弹
        无人机 袭击 东部 西部 北部 南部 中部 附近 之后 之前 期间 因为
        但是 尽管 此外 仍然 已经 再次 更多 至少 多个 许多 将 可能 应该
        已 曾 是 不 没有 他们 我们 这 那 哪些 何时 哪里 如何 指出 补充
        警告 呼吁 宣布 确认 否认""",
}

TITLE_WORDS = {
    "en": "Talks Resume Officials Warn Prices Rise Court Rules Ministers Meet "
          "Storm Hits Coast Vote Delayed Strike Ends Budget Passes Protests Grow "
          "Border Reopens Plan Unveiled Deal Signed Inquiry Opens".split(),
    "ru": "Переговоры возобновились Чиновники предупредили Цены выросли Суд "
          "постановил Министры встретились Шторм Голосование отложено "
          "Забастовка завершилась Бюджет принят Протесты".split(),
    "es": "Se reanudan las conversaciones Advierten funcionarios Suben los "
          "precios Falla el tribunal Reunión de ministros Tormenta Aplazan la "
          "votación Termina la huelga Aprobado el presupuesto".split(),
    "ar": "استئناف المحادثات تحذير المسؤولين ارتفاع الأسعار حكم المحكمة "
          "اجتماع الوزراء عاصفة تأجيل التصويت انتهاء الإضراب إقرار الميزانية".split(),
    "zh": "会谈 恢复 官员 警告 价格 上涨 法院 裁定 部长 会晤 风暴 袭击 投票 "
          "推迟 罢工 结束 预算 通过".split(),
}

# Sentence punctuation and the share of each language in the corpus.
STOP = {"en": ".", "ru": ".", "es": ".", "ar": ".", "zh": "。"}
SEP = {"en": " ", "ru": " ", "es": " ", "ar": " ", "zh": ""}
LANGS = ["en"] * 50 + ["ru"] * 15 + ["es"] * 15 + ["ar"] * 10 + ["zh"] * 10

CITIES = {
    "en": ["MOSCOW", "WASHINGTON", "LONDON", "BEIJING", "KYIV", "PARIS",
           "BERLIN", "TOKYO", "NEW DELHI", "CAIRO", "ANKARA", "BRUSSELS",
           "GENEVA", "NAIROBI", "SYDNEY", "SEOUL", "TEHRAN", "MINSK"],
    "ru": ["МОСКВА", "САНКТ-ПЕТЕРБУРГ", "МИНСК", "КИЕВ", "АСТАНА", "ТБИЛИСИ"],
    "es": ["Madrid", "Buenos Aires", "Ciudad de México", "Bogotá", "Lima",
           "Santiago", "La Habana", "Caracas"],
    "ar": ["القاهرة", "دمشق", "بيروت", "الرياض", "الدوحة", "عمان", "بغداد"],
    "zh": ["北京", "上海", "广州", "香港", "武汉"],
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
    "ru": ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен",
           "окт", "ноя", "дек"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep",
           "oct", "nov", "dic"],
}
FIRST = ["Anna", "Ivan", "Maria", "John", "Elena", "Carlos", "Sara", "Omar",
         "Li", "Wei", "Olga", "Pedro", "Lucy", "Ahmed", "Sofia", "Daniel",
         "Yuki", "Hana", "Peter", "Nadia"]
LAST = ["Petrova", "Smith", "Garcia", "Kowalski", "Chen", "Haddad", "Novak",
        "Ivanov", "Moreno", "Tanaka", "Brown", "Schmidt", "Rossi", "Silva",
        "Kim", "Okafor", "Jensen", "Dubois", "Khan", "Levy"]
SECTIONS = ["world", "politics", "business", "economy", "europe", "asia",
            "middle-east", "americas", "africa", "science", "health", "sport"]
RIGHTS = {
    "en": ["All rights reserved.", "All Rights Reserved.", ""],
    "ru": ["Все права защищены.", ""],
    "es": ["Todos los derechos reservados.", ""],
    "ar": ["جميع الحقوق محفوظة.", ""],
    "zh": ["版权所有", ""],
}
ACCORDING = {
    "en": ["according to {b}", "{b} reported", "as {b} reported",
           "told {b}", "in an interview with {b}"],
    "ru": ["сообщает {b}", "как сообщил {b}", "по данным {b}"],
    "es": ["según {b}", "informó {b}", "de acuerdo con {b}"],
    "ar": ["بحسب {b}", "وفقا لـ {b}", "ذكرت {b}"],
    "zh": ["据{b}报道", "{b}报道称"],
}

MB_DEFAULT = 500


# ------------------------------------------------------------------ database

class Outlets:
    """Marker material read from the compiled masthead database."""

    def __init__(self, db_path):
        db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
        q = db.execute
        # Hosts of each entity (host+path prefixes kept as URL prefixes).
        self.hosts = {}
        for key, host, path in q(
                "SELECT e.key, d.host, d.path FROM domain d JOIN entity e "
                "ON e.id = d.entity WHERE d.kind IN ('primary','edition','mirror') "
                "ORDER BY d.id"):
            self.hosts.setdefault(key, []).append(host + path)
        owned = {}
        for owner, child in q(
                "SELECT a.key, b.key FROM ownership o JOIN entity a ON a.id = o.owner "
                "JOIN entity b ON b.id = o.owned ORDER BY o.id"):
            owned.setdefault(owner, []).append(child)

        def hosts_of(key):
            if key in self.hosts:
                return self.hosts[key]
            for child in owned.get(key, []):
                if child in self.hosts:
                    return self.hosts[child]
            return []

        def aliases(kind):
            return [(a, k) for a, k in q(
                "SELECT a.alias, e.key FROM alias a JOIN entity e ON e.id = a.entity "
                "WHERE a.kind = ? ORDER BY a.id", (kind,))]

        # Footers: (holder string, hosts for a URL).
        self.holders = [(a, hosts_of(k)) for a, k in aliases("copyright_holder")]
        self.wires = [a for a, _ in aliases("wire_credit")]
        self.brands = [a for a, _ in aliases("brand")]
        self.handles = [a.split(":", 1)[1] for a, _ in aliases("handle")
                        if a.startswith(("twitter:", "telegram:", "instagram:"))]
        # Outlets known by name with a primary domain, and the state media among them.
        named = list(q(
            "SELECT e.key, e.name, e.named_by FROM entity e WHERE e.is_outlet = 1 "
            "ORDER BY e.id"))
        self.by_domain = [(n if nb == "name" else None, self.hosts[k])
                          for k, n, nb in named if k in self.hosts]
        sm = set(k for (k,) in q(
            "SELECT DISTINCT e.key FROM state_media s JOIN entity e ON e.id = s.entity"))
        self.state = [(n if nb == "name" else None, self.hosts[k])
                      for k, n, nb in named if k in sm and k in self.hosts]
        db.close()
        if not (self.holders and self.wires and self.by_domain):
            raise SystemExit("gen.py: %s holds no outlets to draw markers from" % db_path)


# ------------------------------------------------------------------- prose

class Prose:
    """Pools of generated sentences per language, with their UTF-8 sizes."""

    POOL = 20000

    def __init__(self, rng):
        self.rng = rng
        self.words = {lang: w.split() for lang, w in WORDS.items()}
        self.pool = {}
        for lang in WORDS:
            self.pool[lang] = [self._sentence(lang) for _ in range(self.POOL)]

    def _sentence(self, lang):
        rng = self.rng
        words = rng.choices(self.words[lang], k=rng.randint(6, 22))
        if lang in ("en", "es", "ru"):
            words[0] = words[0][:1].upper() + words[0][1:]
            if rng.random() < 0.15:  # a quotation, for escapes
                i = rng.randrange(len(words))
                q = {"en": ('"', '"'), "es": ("«", "»"), "ru": ("«", "»")}[lang]
                if rng.random() < 0.5:
                    q = ("\u201c", "\u201d")
                words[i] = q[0] + words[i] + q[1]
            if rng.random() < 0.05:
                words.insert(rng.randrange(len(words)), "\u2014")
        s = SEP[lang].join(words) + STOP[lang]
        if lang == "zh" and rng.random() < 0.3:
            s = s[:-1] + "，" + SEP[lang].join(rng.choices(self.words[lang], k=5)) + "。"
        return s

    def paragraph(self, lang):
        rng = self.rng
        return SEP[lang].join(rng.choices(self.pool[lang], k=rng.randint(2, 6)))

    def title(self, lang):
        rng = self.rng
        return SEP[lang].join(rng.choices(TITLE_WORDS[lang], k=rng.randint(3, 7)))


def person(rng):
    return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))


def slug(rng, n):
    return "-".join(rng.choice(["talks", "vote", "storm", "budget", "court",
                                "border", "prices", "energy", "summit", "strike",
                                "report", "deal"]) for _ in range(n))


def article_url(rng, host):
    h = host if "/" in host or host.count(".") > 1 or rng.random() < 0.3 else "www." + host
    return "https://%s/%s/%d/%02d/%s-%d" % (h.rstrip("/"), rng.choice(SECTIONS),
                                            rng.randint(2015, 2025), rng.randint(1, 12),
                                            slug(rng, 3), rng.randint(1000, 999999))


# ---------------------------------------------------------------- markers

class Markers:
    """Marker lines in the forms real pages use, naming real outlets."""

    def __init__(self, rng, outlets):
        self.rng = rng
        self.o = outlets

    def dateline(self, lang, wire, day, month):
        rng = self.rng
        if lang == "ru":
            city = rng.choice(CITIES["ru"])
            if rng.random() < 0.5:
                return "%s, %d %s — %s. " % (city, day, MONTHS["ru"][month - 1], wire)
            return "%s, %d %s. /%s/. " % (city, day, MONTHS["ru"][month - 1], wire)
        if lang == "es":
            return "%s, %d %s (%s).- " % (rng.choice(CITIES["es"]), day,
                                          MONTHS["es"][month - 1], wire)
        if lang == "zh":
            return "%s%d月%d日 (%s) — " % (rng.choice(CITIES["zh"]), month, day, wire)
        if lang == "ar":
            return "%s (%s) - " % (rng.choice(CITIES["ar"]), wire)
        city = rng.choice(CITIES["en"])
        form = rng.randrange(4)
        if form == 0:
            return "%s (%s) — " % (city, wire)
        if form == 1:
            return "%s (%s) - " % (city, wire)
        if form == 2:
            return "%s, %s %d (%s) -- " % (city, MONTHS["en"][month - 1], day, wire)
        return "%s, %s %d. /%s/. " % (city, MONTHS["en"][month - 1], day, wire)

    def credit(self, lang):
        rng = self.rng
        wire = rng.choice(self.o.wires)
        who = person(rng)
        form = rng.randrange(6)
        if form == 0:
            return "Photo: %s" % wire
        if form == 1:
            return "(%s/%s)" % (who, wire)
        if form == 2:
            return "%s/%s" % (wire.upper(), who)
        if form == 3:
            return "File photo \u00a9 AP Photo/%s" % who
        if form == 4:
            return {"ru": "Фото: %s", "es": "Foto: %s", "ar": "صورة: %s",
                    "zh": "图片：%s"}.get(lang, "Credit: %s") % wire
        return "Photo by %s/%s via Getty Images" % (who, wire)

    def mention(self, lang):
        rng = self.rng
        b = rng.choice(self.o.brands if rng.random() < 0.7 else self.o.wires)
        return rng.choice(ACCORDING[lang]).format(b=b)

    def footer(self, lang, holder, year):
        rng = self.rng
        rights = rng.choice(RIGHTS[lang])
        form = rng.randrange(5)
        if lang == "zh" and rng.random() < 0.5:
            if rng.random() < 0.5:
                return "版权所有 \u00a9 %s" % holder
            return "%s版权所有，未经书面授权禁止使用" % holder
        dot = "" if holder.endswith(".") else "."  # "Inc." takes no second period
        if form == 0:
            s = "\u00a9 %d %s%s" % (year, holder, dot)
        elif form == 1:
            s = "Copyright \u00a9 %d %s%s" % (year, holder, dot)
        elif form == 2:
            s = "\u00a9 %s, %d\u2013%d." % (holder, year - rng.randint(3, 20), year)
        elif form == 3:
            s = "(c) %d %s%s" % (year, holder, dot)
        else:
            s = "Copyright %d %s%s" % (year, holder, dot)
        return (s + " " + rights).strip()


# ----------------------------------------------------------------- records

class Corpus:
    """One corpus being written: the shared RNG, prose, markers and counts."""

    def __init__(self, args):
        self.rng = random.Random(args.seed)
        # Malformed lines draw from their own generator, so that --clean gives
        # the very same records minus the malformed ones (jq's clean twin).
        self.bad_rng = random.Random(args.seed * 7919 + 13)  # which lines
        self.mal_rng = random.Random(args.seed * 7919 + 17)  # how they break
        self.o = Outlets(args.db)
        self.prose = Prose(self.rng)
        self.mk = Markers(self.rng, self.o)
        self.target = int(args.mb * 1000 * 1000)
        self.malformed_every = args.malformed_every
        self.clean = args.clean
        self.index = 0  # records generated, written or not
        self.records = 0
        self.malformed = 0
        self.bytes = 0

    def choose_publisher(self):
        """A publisher: (footer holder or None, hosts) — holder, domain or state media."""
        rng = self.rng
        r = rng.random()
        if r < 0.40:
            holder, hosts = rng.choice(self.o.holders)
        elif r < 0.70:
            name, hosts = rng.choice(self.o.by_domain)
            holder = name if name and rng.random() < 0.6 else hosts[0].split("/")[0]
        elif r < 0.85 and self.o.state:
            name, hosts = rng.choice(self.o.state)
            holder = name if name and rng.random() < 0.6 else hosts[0].split("/")[0]
        else:
            return None, []
        return holder, hosts

    def body(self, lang, size, year, month, day):
        """Paragraphs of about `size` UTF-8 bytes with markers placed in them.

        Returns (paragraphs, url or None, footer holder or None, the publisher's hosts)."""
        rng = self.rng
        holder, hosts = self.choose_publisher()
        paras = []
        first = self.prose.paragraph(lang)
        if rng.random() < 0.35:
            first = self.mk.dateline(lang, rng.choice(self.o.wires), day, month) + first
        paras.append(first)
        n = len(first.encode())
        while n < size:
            p = self.prose.paragraph(lang)
            r = rng.random()
            if r < 0.08:
                c = self.mk.credit(lang)
                p += " " + (c if c.startswith("(") else "(%s)" % c)
            elif r < 0.12:
                paras.append(self.mk.credit(lang))
            elif r < 0.20:
                p = p[:-1] + ", " + self.mk.mention(lang) + STOP[lang]
            elif r < 0.23:
                p += " https://%s" % article_url(rng, rng.choice(self.o.by_domain)[1][0])[8:]
            elif r < 0.25 and self.o.handles:
                p += " @%s" % rng.choice(self.o.handles)
            elif r < 0.26:
                p += "\tREAD MORE: %s" % self.prose.title(lang)
            elif r < 0.27:
                p += " C:\\Users\\press\\%s.docx" % slug(rng, 1)
            paras.append(p)
            n += len(p.encode()) + 2
        if holder:
            paras.append(self.mk.footer(lang, holder, year))
        url = None
        if hosts and rng.random() < 0.34:
            url = article_url(rng, rng.choice(hosts))
        elif not hosts and rng.random() < 0.34:
            url = article_url(rng, rng.choice(self.o.by_domain)[1][0])
        return paras, url, holder, hosts

    def malformed_line(self, line):
        """One malformed variant of a good line (bytes, no newline)."""
        rng = self.mal_rng
        kind = self.malformed % 5
        self.malformed += 1
        if kind == 0:  # truncated
            return line[:rng.randint(1, max(1, len(line) - 2))]
        # The id's value opens every record: `{"id":"bench-...` or `{"id": "page-...`.
        at = line.find(b'"', line.find(b'"id"') + 4) + 3
        if kind == 1:  # bad escape
            return line[:at] + b"\\q" + line[at:]
        if kind == 2:  # valid JSON, not an object
            return rng.choice([b'["a", "list", 1]', b'"just a string"', b"42", b"null"])
        if kind == 3:  # invalid UTF-8 inside a string
            return line[:at] + b"\xff\xc3\x28" + line[at:]
        return line[:-1] + b',"extra": }'  # a syntax error near the end

    def emit(self, out, obj):
        rng = self.rng
        ascii_ = rng.random() < 0.3
        line = json.dumps(obj, ensure_ascii=ascii_, separators=(",", ":")
                          if rng.random() < 0.5 else (", ", ": ")).encode()
        self.index += 1
        if self.malformed_every and self.bad_rng.randrange(self.malformed_every) == 0:
            if self.clean:
                return  # left out of the clean twin
            line = self.malformed_line(line)
        out.write(line)
        out.write(b"\n")
        self.records += 1
        self.bytes += len(line) + 1

    def date(self):
        rng = self.rng
        y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        return y, m, d

    def text_record(self, out):
        rng = self.rng
        lang = rng.choice(LANGS)
        y, m, d = self.date()
        paras, url, _, _ = self.body(lang, rng.randint(2000, 19000), y, m, d)
        rec = {"id": "bench-%08d" % self.index, "title": self.prose.title(lang),
               "text": "\n\n".join(paras)}
        if url:
            rec["url"] = url
        rec["lang"] = lang
        rec["date"] = "%04d-%02d-%02d" % (y, m, d)
        if rng.random() < 0.2:
            rec["section"] = rng.choice(SECTIONS)
            rec["tags"] = rng.sample(SECTIONS, 3)
            rec["words"] = len(rec["text"]) // 6
        self.emit(out, rec)

    def html_record(self, out):
        rng = self.rng
        lang = rng.choice(LANGS)
        y, m, d = self.date()
        paras, url, holder, hosts = self.body(lang, rng.randint(6000, 60000), y, m, d)
        # The page's own address (canonical, og:url) even when the record has no url.
        page_url = url or article_url(rng, rng.choice(hosts or rng.choice(self.o.by_domain)[1]))
        host = page_url.split("/")[2]
        site = holder if holder and rng.random() < 0.5 else host
        e = htmlmod.escape
        title = self.prose.title(lang)
        h = ["<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<title>%s | %s</title>\n" % (lang, e(title), e(site))]
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        if rng.random() < 0.85:
            h.append("<link rel=\"canonical\" href=\"%s\">\n" % e(page_url))
        if rng.random() < 0.8:
            h.append("<meta property=\"og:url\" content=\"%s\">\n"
                     "<meta property=\"og:type\" content=\"article\">\n"
                     "<meta property=\"og:title\" content=\"%s\">\n" % (e(page_url), e(title)))
            if rng.random() < 0.8:
                h.append("<meta property=\"og:site_name\" content=\"%s\">\n" % e(site))
        h.append("<meta property=\"article:published_time\" content=\"%04d-%02d-%02dT%02d:%02d:00Z\">\n"
                 % (y, m, d, rng.randint(0, 23), rng.randint(0, 59)))
        for i in range(rng.randint(3, 12)):  # stylesheets and a style block
            h.append("<link rel=\"stylesheet\" href=\"https://%s/static/css/%s.%d.css\">\n"
                     % (host, slug(rng, 1), rng.randint(1000, 99999)))
        h.append("<style>\n" + "".join(
            ".c%d{margin:%dpx;padding:%dpx;color:#%06x}\n" % (i, rng.randint(0, 40),
                                                            rng.randint(0, 40),
                                                            rng.getrandbits(24))
            for i in range(rng.randint(50, 400))) + "</style>\n")
        if rng.random() < 0.4:
            ld = {"@context": "https://schema.org", "@type": "NewsArticle",
                  "headline": title, "datePublished": "%04d-%02d-%02d" % (y, m, d),
                  "author": {"@type": "Person", "name": person(rng)},
                  "publisher": {"@type": "Organization", "name": site,
                                "url": "https://%s/" % host}}
            h.append("<script type=\"application/ld+json\">%s</script>\n"
                     % json.dumps(ld, ensure_ascii=False).replace("</", "<\\/"))
        h.append("<script>window.__CFG__=%s;</script>\n" % json.dumps(
            {"ads": [slug(rng, 2) for _ in range(rng.randint(5, 60))],
             "build": rng.getrandbits(48), "host": host}))
        h.append("</head>\n<body class=\"article\">\n<header><nav><ul>\n")
        for s in rng.sample(SECTIONS, rng.randint(5, 12)):
            h.append("<li><a href=\"https://%s/%s/\">%s</a></li>\n" % (host, s, s.title()))
        h.append("</ul></nav></header>\n<main><article>\n<h1>%s</h1>\n" % e(title))
        h.append("<div class=\"byline\">%s</div>\n" % e(person(rng)))
        for p in paras[:-1] if holder else paras:
            if rng.random() < 0.05:
                h.append("<figure><img src=\"https://%s/img/%d.jpg\" alt=\"\">"
                         "<figcaption>%s</figcaption></figure>\n"
                         % (host, rng.randint(1, 10 ** 9), e(self.mk.credit(lang))))
            h.append("<p>%s</p>\n" % e(p, quote=False).replace("\n", "<br>"))
        h.append("</article>\n<aside><h2>More</h2><ul>\n")
        for _ in range(rng.randint(5, 30)):
            h.append("<li><a href=\"%s\">%s</a></li>\n"
                     % (e(article_url(rng, host)), e(self.prose.title(lang))))
        h.append("</ul></aside></main>\n<footer>\n")
        h.append("<p><a href=\"/about\">About</a> | <a href=\"/privacy\">Privacy</a></p>\n")
        if holder:
            h.append("<p class=\"copyright\">%s</p>\n" % e(paras[-1], quote=False))
        h.append("</footer>\n<script src=\"https://%s/static/js/app.%d.js\" async></script>\n"
                 "</body>\n</html>\n" % (host, rng.randint(1000, 99999)))
        page = "".join(h)
        while len(page) < 20000:  # pad thin pages with more related links
            page = page.replace("</ul></aside>", "<li><a href=\"%s\">%s</a></li>\n</ul></aside>"
                                % (e(article_url(rng, host)), e(self.prose.title(lang))), 1)
        rec = {"id": "page-%08d" % self.index}
        if url:
            rec["url"] = url
        rec["html"] = page
        self.emit(out, rec)


def write_corpus(args, kind):
    c = Corpus(args)
    tmp = args.out + ".part"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    make = c.text_record if kind == "text" else c.html_record
    with open(tmp, "wb", buffering=1 << 20) as out:
        while c.bytes < c.target:
            make(out)
    meta = {"kind": kind, "seed": args.seed, "mb": args.mb, "clean": args.clean,
            "records": c.records,
            "malformed": c.malformed, "bytes": c.bytes, "db": os.path.abspath(args.db)}
    with open(args.out + ".meta.json", "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    os.replace(tmp, args.out)
    print("gen.py: %s: %d records (%d malformed), %.1f MB"
          % (args.out, c.records, c.malformed, c.bytes / 1e6), file=sys.stderr)


# ------------------------------------------------------------- big database

def write_bigdb(args):
    """Copy sources-db and add `outlets` fake outlets, each with a domain and an alias."""
    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    shutil.copytree(args.source, args.out,
                    ignore=shutil.ignore_patterns("__pycache__", "import"))
    d = os.path.join(args.out, "data", "bench")
    os.makedirs(d)
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zen", "bar", "dal",
            "fen", "gor", "hul", "jin", "kor", "lan", "mor", "nis", "pol"]
    kinds = ["Courier", "Herald", "Gazette", "Tribune", "Post", "Times", "Daily",
             "Observer", "Chronicle", "Sentinel", "Ledger", "Journal"]
    tlds = ["com", "net", "org", "news", "info", "co.uk", "com.au", "de", "fr",
            "es", "it", "ru", "in", "co.za", "com.br"]
    cite = "bench-synthetic"
    with open(os.path.join(d, "citations.tsv"), "w") as f:
        f.write("id\tkind\ttitle\turl\tfile\tcommit\tpublished\taccessed\tlicense\tnote\n")
        f.write("%s\tunverified\tSynthetic outlets generated by bench/gen.py\t\t\t\t\t"
                "2026-01-01\t\tFake data for the 200,000-outlet benchmark; not facts.\n" % cite)
    with open(os.path.join(d, "outlets.tsv"), "w") as fo, \
            open(os.path.join(d, "domains.tsv"), "w") as fd, \
            open(os.path.join(d, "aliases.tsv"), "w") as fa:
        fo.write("id\tname\tkind\tcountry\tlanguages\tfounded\tnamed_by\tcite\tcite_ref\n")
        fd.write("entity\thost\tkind\tsince\tuntil\tcite\tcite_ref\n")
        fa.write("entity\talias\tkind\tlang\tsince\tuntil\tcite\tcite_ref\n")
        for i in range(args.outlets):
            stem = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
            # The serial number makes every host and alias unique and unlike a real one.
            host = "%s%d.%s" % (stem, i, rng.choice(tlds))
            key = "bench:%d" % i
            name = "%s %s %d" % (stem.title(), rng.choice(kinds), i)
            fo.write("%s\t%s\tnewspaper\t\t\t\tdomain\t%s\trow=%d\n" % (key, host, cite, i))
            fd.write("%s\t%s\tprimary\t\t\t%s\trow=%d\n" % (key, host, cite, i))
            fa.write("%s\t%s\t%s\t\t\t\t%s\trow=%d\n"
                     % (key, name, "copyright_holder" if i % 2 else "brand", cite, i))
    print("gen.py: %s: sources-db plus %d synthetic outlets" % (args.out, args.outlets),
          file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for kind in ("text", "html"):
        p = sub.add_parser(kind, help="write the %s corpus" % kind)
        p.add_argument("--db", default="build/masthead.db")
        p.add_argument("--mb", type=float, default=MB_DEFAULT,
                       help="size in MB (10^6 bytes; default 500)")
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--malformed-every", type=int, default=1000,
                       help="about one malformed line in N (0: none)")
        p.add_argument("--clean", action="store_true",
                       help="leave out the lines that would be malformed (a twin for jq)")
        p.add_argument("--out", required=True)
    p = sub.add_parser("bigdb", help="sources-db plus synthetic outlets")
    p.add_argument("--source", default="sources-db")
    p.add_argument("--outlets", type=int, default=200000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.cmd == "bigdb":
        write_bigdb(args)
    else:
        write_corpus(args, args.cmd)


if __name__ == "__main__":
    main()
