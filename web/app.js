/* app.js — the classroom page of masthead serve: sends the article to
 * /api/annotate and shows the answer — the publisher card, plain-language
 * reasons, and the text with every evidence span highlighted.
 *
 * Safety: article text, names and citations are only ever inserted as text
 * nodes (el() below, textContent); nothing is parsed as HTML. Links are made
 * only for http(s) addresses. The page fetches nothing but its own API. */
'use strict';

(function () {
  // ------------------------------------------------------------ words

  /* The State Media Monitor's classes, one plain sentence each (the same
   * wording as sources-db/codes/state_media_codes.tsv). */
  const TYPOLOGY = {
    SC: ['State-controlled media',
      'Funded, managed and editorially controlled by the state: built and used as a government channel.'],
    CaPu: ['Captured public media',
      'Set up as public or state-managed media, but its editorial line is controlled by the government.'],
    CaPr: ['Captured private media',
      'Privately owned on paper, but editorially controlled by the government through owners close to it.'],
    ISFM: ['Independent state-funded and state-managed media',
      'Funded and managed by the state, yet editorially independent.'],
    ISF: ['Independent state-funded media',
      'Mostly funded by the state, with independent management and editorial independence.'],
    ISM: ['Independent state-managed media',
      'State-managed governance, not mainly state-funded, and editorially independent.'],
    IP: ['Independent public media',
      'Independent public service media: neither mainly state-funded nor state-managed, and editorially independent.'],
  };
  const CAPTURED = new Set(['SC', 'CaPu', 'CaPr']);
  const TYPOLOGY_URL = 'https://statemediamonitor.com/typology/';

  const ROLE_LABEL = {
    publisher: 'Publisher',
    origin: 'Origin',
    image_credit: 'Image credit',
    mention: 'Mention',
    organization: 'Owner named',
    unknown: 'Not in our database',
  };
  const ROLE_MEANING = {
    publisher: 'who published this copy',
    origin: 'who wrote the content, or part of it',
    image_credit: 'who supplied a photo or video',
    mention: 'named as a subject or a source of information',
    organization: 'a company that owns outlets',
    unknown: 'a name masthead’s database does not know',
  };
  /* Where several spans overlap, the highlight takes the strongest role. */
  const ROLE_RANK = { publisher: 0, origin: 1, image_credit: 2, mention: 3, organization: 4, unknown: 5 };
  const KIND_LABEL = {
    copyright: 'copyright line', credit: 'photo credit', dateline: 'wire dateline',
    origin: '“first appeared” line', mention: 'mention', brand: 'site boilerplate',
    boilerplate: 'site boilerplate', url: 'link', domain: 'domain name',
    handle: 'social-media account', site_name: 'site name in the page’s metadata',
    canonical: 'the page’s own address', share: 'share link',
    publisher: 'publisher in the page’s metadata', author: 'author', date: 'date',
    email: 'e-mail address',
  };
  const DATE_SOURCE = {
    option: 'the date you gave', document: 'the article’s own date',
    archive_url: 'the date in the archive address', today: 'today: no date was found',
  };
  const RELATION = { owns: 'owned by', controls: 'controlled by', funds: 'funded by' };

  let regionNames = null;
  try { regionNames = new Intl.DisplayNames(['en'], { type: 'region' }); } catch (e) { regionNames = null; }

  // ---------------------------------------------------------- helpers

  /* An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false || k === '') continue;
      e.append(k instanceof Node ? k : String(k));
    }
    return e;
  }

  function link(url, text) {
    if (typeof url === 'string' && /^https?:\/\//i.test(url))
      return el('a', { href: url, rel: 'noopener noreferrer' }, text || url);
    return el('span', null, text || '');
  }

  function clip(s, n) {
    s = String(s || '').replace(/\s+/g, ' ').trim();
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }

  function countryName(code) {
    if (!code) return null;
    try {
      const n = regionNames && regionNames.of(String(code).toUpperCase());
      if (n && n !== code) return `${n} (${code})`;
    } catch (e) { /* not a region code */ }
    return String(code);
  }

  function confidenceWords(c) {
    if (typeof c !== 'number') return 'unknown';
    const w = c >= 0.9 ? 'very likely' : c >= 0.75 ? 'likely' : c >= 0.5 ? 'possibly' : 'a weak guess';
    return `${w} (${c.toFixed(2)})`;
  }

  /* “TV-Novosti” out of Autonomous Nonprofit Organization “TV-Novosti”. */
  function shortHolder(name) {
    const m = /[“"«„「]([^”"»“」]+)[”"»“」]/.exec(name || '');
    return m ? m[1] : (name || 'the holder');
  }

  /* The annotation's citations by id: a reference {id, ref} names one. */
  let citations = {};

  function citation(ref) {
    if (!ref) return null;
    const c = Object.assign({}, citations[ref.id] || {}, ref);
    if (c.kind === 'unverified')
      return el('span', null, `unverified${c.note ? ': ' + c.note : ''}${c.accessed ? ' (' + c.accessed + ')' : ''}`);
    const title = c.title || c.id || 'source';
    return el('span', { class: 'cite' }, link(c.url, title), c.ref ? `, ${c.ref}` : '',
      c.published ? `, published ${c.published}` : '', c.accessed && !c.published ? `, read ${c.accessed}` : '');
  }

  function roleClass(role) {
    return role === 'organization' ? 'unknown' : role;
  }

  /* The text exactly as sent: well-formed UTF-16 (a lone surrogate becomes
   * U+FFFD, as TextEncoder would send it), so byte offsets match. */
  function wellFormed(s) {
    return new TextDecoder().decode(new TextEncoder().encode(s));
  }

  function looksLikeHtml(s) {
    const head = s.slice(0, 4096);
    return /^\s*</.test(head) && /<\/?[a-z][a-z0-9]*[\s>/]/i.test(head) && /<\/[a-z]|\/>/i.test(s.slice(0, 65536));
  }

  /* UTF-8 byte offsets to indices into the JS string (rounding a byte in the
   * middle of a character up to the next character). */
  function byteIndexMap(str, offsets) {
    const sorted = [...new Set(offsets)].sort((a, b) => a - b);
    const map = new Map();
    let byte = 0, i = 0, k = 0;
    while (k < sorted.length) {
      while (k < sorted.length && sorted[k] <= byte) map.set(sorted[k++], i);
      if (i >= str.length) break;
      const cp = str.codePointAt(i);
      byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    for (; k < sorted.length; k++) map.set(sorted[k], str.length);
    return map;
  }

  // ------------------------------------------------------- reasoning

  /* Every evidence item of the annotation: {ev, outlet, role, idx}. */
  function collectEvidence(ann) {
    const items = [];
    let hasPublisher = false;
    for (const o of ann.outlets || []) {
      if (o.role === 'publisher') hasPublisher = true;
      for (const ev of o.evidence || []) items.push({ ev, outlet: o, role: o.role });
    }
    if (!hasPublisher && ann.publisher)
      for (const ev of ann.publisher.evidence || []) items.push({ ev, outlet: ann.publisher, role: 'publisher' });
    for (const org of ann.organizations || [])
      for (const ev of org.evidence || []) items.push({ ev, outlet: org, role: 'organization' });
    for (const ev of ann.unresolved || []) items.push({ ev, outlet: null, role: 'unknown' });
    items.forEach((it, i) => { it.idx = i; });
    return items;
  }

  function where(ev, lines) {
    if (ev.source === 'url') return 'The address you gave';
    if (ev.source === 'html') return 'The page’s metadata';
    if (!ev.line) return 'The text';
    if (lines >= 8 && ev.line > lines * 0.8) return 'The footer';
    if (lines >= 8 && ev.line <= Math.max(2, lines * 0.1)) return 'The top of the article';
    return `Line ${ev.line}`;
  }

  /* One plain sentence saying what a marker shows and why it counts. */
  function whyLine(it, lines) {
    const ev = it.ev;
    const name = it.outlet ? it.outlet.name : (ev.name || ev.host || 'this name');
    const host = (ev.resolution && ev.resolution.host) || ev.host || '';
    const step = ev.resolution ? ev.resolution.step : '';
    const aliasKind = ev.resolution ? ev.resolution.alias_kind : '';
    const q = `“${clip(ev.text, 140)}”`;
    const pos = where(ev, lines);
    const says = `${pos} says ${q}`;
    if (it.role === 'unknown')
      return `${says}, but masthead’s database does not know ${ev.name ? '“' + ev.name + '”' : host || 'this name'}, so it cannot say who that is.`;
    if (it.role === 'organization')
      return `${says} — ${name} is a company that owns news outlets, not a news site itself.`;
    switch (ev.kind) {
      case 'copyright':
        if (it.role === 'origin')
          return `${says} — the content belongs to ${name}: they wrote it (or part of it), whoever published this copy.`;
        if (step === 'owner_alias' || step === 'owner_brand')
          return `${says} — ${shortHolder(ev.name)} is the company behind ${name}.`;
        if (aliasKind === 'copyright_holder' || aliasKind === 'legal_entity')
          return `${says} — ${shortHolder(ev.name)} is the company that runs ${name}.`;
        return `${says} — sites put their own name in their copyright line: this is ${name}.`;
      case 'credit':
        return `${says} — a credit for a photo or video: ${name} supplied the picture. A credit does not say who published the article.`;
      case 'dateline':
        return `${says} — a wire dateline: the story (or part of it) comes from ${name}; the site that republished it may be another.`;
      case 'origin':
        return `${says} — the content first appeared at ${name}.`;
      case 'mention':
        return `${says} — ${name} is named as a source of information, not as the publisher.`;
      case 'brand':
      case 'boilerplate':
        return `${says} — the site’s own boilerplate, naming ${name}.`;
      case 'site_name':
      case 'publisher':
        return `${pos} names the site: ${q} — that is ${name}.`;
      case 'canonical':
        return `${pos} gives the page’s own address, ${q} — a site of ${name}.`;
      case 'url':
      case 'domain':
      case 'share':
        if (ev.source === 'url') return `The address you gave, ${host || ev.text}, belongs to ${name}.`;
        return `${says} — a link to ${host || 'a site'}, which belongs to ${name}${it.role === 'mention' ? ' (a mention: linking is not publishing)' : ''}.`;
      case 'handle':
        return `${says} — a social-media account of ${name}.`;
      case 'email':
        return `${says} — an e-mail address at ${host || 'the domain'} of ${name}: writers and newsrooms use their own site’s addresses, so this hints (weakly) that ${name} published the article.`;
      default:
        return `${says} (${KIND_LABEL[ev.kind] || ev.kind}) — it points to ${name} as ${ROLE_MEANING[it.role] || it.role}.`;
    }
  }

  function ownerSentence(p) {
    const owners = (p.owners || []).slice().sort((a, b) => a.level - b.level);
    if (!owners.length) return null;
    let s = `${p.name} is`;
    let level = 0;
    for (const o of owners) {
      if (o.level === level) continue; // one owner per level in the sentence
      level = o.level;
      const rel = RELATION[o.relation] || o.relation;
      const share = typeof o.share === 'number' ? ` (${o.share}%)` : '';
      s += `${level > 1 ? ', which is' : ''} ${rel}${share} ${o.name}`;
    }
    return s + '.';
  }

  function stateMediaSentence(name, sm) {
    const t = TYPOLOGY[sm.code];
    const c = sm.citation ? Object.assign({}, citations[sm.citation.id] || {}, sm.citation) : null;
    const src = c ? (c.title || c.id) : 'its source';
    return `${name} is classed ${t ? t[0].toLowerCase() : sm.classification} (${sm.code}) by ${src}: ${t ? t[1] : ''}`;
  }

  function roleSentence(o, publisher) {
    const pub = publisher ? publisher.name : null;
    switch (o.role) {
      case 'image_credit':
        return `${o.name} appears only as an image credit: it supplied a picture${pub && pub !== o.name ? `; ${pub} published the article` : ''}.`;
      case 'origin':
        return `${o.name} is an origin: it wrote the story or part of it${pub && pub !== o.name ? `; ${pub} published this copy` : ''}.`;
      case 'mention':
        return `${o.name} is only mentioned, as a subject or a source of information.`;
      default:
        return `${o.name}: ${ROLE_MEANING[o.role] || o.role}.`;
    }
  }

  // ---------------------------------------------------------- the card

  function stateMediaBlock(sm) {
    if (!sm)
      return el('div', { class: 'statemedia' },
        el('p', null, 'Not classed as state media in masthead’s sources.'));
    const t = TYPOLOGY[sm.code] || [sm.classification, ''];
    const block = el('div', { class: `statemedia ${CAPTURED.has(sm.code) ? 'captured' : 'independent'}` },
      el('p', { class: 'smlabel' }, `${t[0]} (${sm.code})`, sm.country ? ` — ${countryName(sm.country)}` : ''),
      el('p', null, t[1], ' ', link(TYPOLOGY_URL, 'What the classes mean')),
      el('p', { class: 'small' }, sm.as_of ? `As of ${sm.as_of}. ` : '', 'Source: ', citation(sm.citation)));
    for (const o of sm.others || [])
      block.append(el('p', { class: 'small' },
        `Another source says ${(TYPOLOGY[o.code] || [o.classification])[0]} (${o.code})${o.as_of ? ' as of ' + o.as_of : ''}: `,
        citation(o.citation)));
    return block;
  }

  function ownerChain(p) {
    const owners = p.owners || [];
    if (!owners.length) return el('p', null, 'No owner recorded in masthead’s database.');
    const ultimate = new Set((p.ultimate_owners || []).map((u) => u.id));
    const names = new Map([[p.id, p.name]]);
    for (const o of owners) if (o.id) names.set(o.id, o.name);
    const chain = el('ol', { class: 'chain', 'aria-label': `Owners of ${p.name}, up to the ultimate owner` },
      el('li', { class: 'outlet' }, p.name, el('span', { class: 'small' }, ' (the outlet)')));
    const levels = [...new Set(owners.map((o) => o.level))].sort((a, b) => a - b);
    for (const level of levels) {
      const here = owners.filter((o) => o.level === level);
      const rel = [...new Set(here.map((o) => RELATION[o.relation] || o.relation))].join(' / ');
      const li = el('li', { class: here.every((o) => ultimate.has(o.id)) ? 'ultimate' : null },
        el('span', { class: 'rel' }, rel));
      const list = el('ul');
      for (const o of here) {
        const share = typeof o.share === 'number' ? `${o.share}%` : o.share_text || '';
        const owned = names.get(o.owned) || 'it';
        list.append(el('li', null,
          el('span', { class: 'ownername' }, o.name),
          ultimate.has(o.id) ? el('span', { class: 'badge' }, 'ultimate owner') : null,
          el('span', { class: 'small' }, ` — ${o.relation} ${owned}`,
            share ? ` (${share})` : '', o.since ? `, since ${o.since}` : '', o.until ? `, until ${o.until}` : '',
            o.as_of ? `, as of ${o.as_of}` : '', '. Source: ', citation(o.citation))));
      }
      li.append(list);
      chain.append(li);
    }
    return chain;
  }

  function ratingValue(r) {
    const s = r.scale || {};
    if (typeof r.value === 'number') {
      const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
      const range = typeof s.min === 'number' && typeof s.max === 'number' ? ` on ${s.min}–${s.max}` : '';
      const dir = s.direction === 'higher_better' ? ', higher is better'
        : s.direction === 'lower_better' ? ', lower is better' : '';
      return [el('span', { class: 'rvalue' }, v), `${range}${dir}`];
    }
    const labels = Array.isArray(s.labels) ? s.labels : [];
    const scale = s.kind === 'ordinal' && labels.length ? ` (scale, best first: ${labels.join(', ')})` : '';
    return [el('span', { class: 'rvalue' }, String(r.value)), s.kind === 'tags' ? ' (a tag)' : scale];
  }

  function ratingItem(r) {
    return el('li', null,
      el('span', null, r.rater_name || r.rater), r.domain ? el('span', { class: 'small' }, ` (${r.domain})`) : null,
      ': ', ratingValue(r),
      el('span', { class: 'small' }, ` — as of ${r.as_of || 'an unknown date'}. Source: `, citation(r.citation)));
  }

  function ratingsBlock(p) {
    const all = p.ratings || [];
    const main = all.filter((r) => r.applies !== false);
    const rest = all.filter((r) => r.applies === false);
    const box = el('div');
    if (!all.length) box.append(el('p', null, 'No rater in masthead’s database rates this outlet.'));
    if (main.length) box.append(el('ul', { class: 'ratings' }, main.map(ratingItem)));
    if (rest.length)
      box.append(el('details', null,
        el('summary', null, `${rest.length} more rating${rest.length > 1 ? 's' : ''} of the outlet’s other domains`),
        el('ul', { class: 'ratings' }, rest.map(ratingItem))));
    return box;
  }

  function publisherCard(ann) {
    const p = ann.publisher;
    const card = el('section', { class: 'card', 'aria-labelledby': 'pub-h', id: 'pubcard' },
      el('h3', { id: 'pub-h' }, 'Publisher'));
    const facts = el('dl', { class: 'facts' });
    const fact = (k, ...v) => facts.append(el('dt', null, k), el('dd', null, ...v));
    card.append(el('p', { class: 'pubname' }, p.name, p.domain ? el('span', { class: 'pubdomain' }, ` ${p.domain}`) : null));
    fact('Country', countryName(p.country) || 'not known');
    if (p.kind) fact('Kind', String(p.kind).replace(/_/g, ' '));
    fact('Confidence', confidenceWords(p.confidence));
    if (p.id === null || p.in_database === false)
      fact('In the database', 'no: known only from the page itself');
    else if (p.citation) fact('Record', citation(p.citation));
    card.append(facts,
      el('h4', null, 'Who owns it'), ownerChain(p),
      el('h4', null, 'State media'), stateMediaBlock(p.state_media),
      el('h4', null, 'What raters say'), ratingsBlock(p));
    return card;
  }

  function unknownCard(ann, items) {
    const card = el('section', { class: 'card', 'aria-labelledby': 'pub-h', id: 'pubcard' },
      el('h3', { id: 'pub-h' }, 'Publisher'),
      el('p', { class: 'pubname' }, 'We could not tell'),
      el('p', null, 'Nothing in the text names the site this copy is on, so masthead will not guess.'));
    const found = el('ul');
    for (const o of ann.outlets || []) {
      const sm = o.state_media;
      found.append(el('li', null, el('strong', null, o.name), ` — ${ROLE_LABEL[o.role] || o.role}: ${ROLE_MEANING[o.role] || ''}`,
        sm ? `; ${(TYPOLOGY[sm.code] || [sm.classification])[0].toLowerCase()} (${sm.code})` : '', '.'));
    }
    for (const it of items.filter((x) => x.role === 'unknown' || x.role === 'organization'))
      found.append(el('li', null, `“${clip(it.ev.text, 100)}” — ${ROLE_MEANING[it.role]}.`));
    card.append(el('h4', null, 'What we found'));
    if (found.childNodes.length) card.append(found);
    else card.append(el('p', null, 'Nothing that names a site: no copyright line, credit, dateline, link or site name.'));
    card.append(el('p', { class: 'help' },
      'Try pasting the whole page, footer included, or add the article’s address (URL) above.'));
    return card;
  }

  function whyCard(ann, items, lines) {
    const list = el('ul', { class: 'why' });
    const p = ann.publisher;
    const said = new Set(); // two markers saying the same thing give one line
    for (const it of items.filter((x) => x.role === 'publisher')) {
      const line = whyLine(it, lines);
      if (!said.has(line)) list.append(el('li', null, line));
      said.add(line);
    }
    if (p) {
      const owners = ownerSentence(p);
      if (owners) list.append(el('li', null, owners));
      if (p.state_media) list.append(el('li', null, stateMediaSentence(p.name, p.state_media)));
    }
    for (const o of (ann.outlets || []).filter((x) => x.role !== 'publisher')) {
      const first = (o.evidence || [])[0];
      // with a publisher, say how each other outlet differs from it; without
      // one, say what each marker shows
      const what = p || !first ? [roleSentence(o, p), first ? ` (“${clip(first.text, 80)}”)` : '']
        : [whyLine({ ev: first, outlet: o, role: o.role }, lines)];
      list.append(el('li', null, what, o.state_media ? ` ${stateMediaSentence(o.name, o.state_media)}` : ''));
    }
    if (!p)
      for (const it of items.filter((x) => x.role === 'unknown')) list.append(el('li', null, whyLine(it, lines)));
    if (!list.childNodes.length) list.append(el('li', null, 'No marker that masthead knows was found.'));
    return el('section', { class: 'card', 'aria-labelledby': 'why-h' }, el('h3', { id: 'why-h' }, 'Why masthead thinks so'), list);
  }

  function othersBlock(ann) {
    const others = (ann.outlets || []).filter((o) => o.role !== 'publisher');
    if (!others.length || !ann.publisher) return el('div');
    const list = el('ul');
    for (const o of others)
      list.append(el('li', null, el('strong', null, o.name), o.domain ? ` (${o.domain})` : '',
        ` — ${ROLE_LABEL[o.role] || o.role}: ${ROLE_MEANING[o.role] || ''}.`,
        o.state_media ? ` ${(TYPOLOGY[o.state_media.code] || [o.state_media.classification])[0]} (${o.state_media.code}).` : ''));
    return el('section', { class: 'others', 'aria-labelledby': 'others-h' },
      el('h3', { id: 'others-h' }, 'Other outlets in this article'), list);
  }

  function verdictBlock(ann) {
    const cls = ann.flagged ? 'verdict flagged' : ann.publisher ? 'verdict' : 'verdict unknown';
    const v = el('div', { class: cls });
    if (ann.flagged) {
      const reasons = ((ann.flag && ann.flag.reasons) || []).map((r) =>
        `${r.name} (${(ROLE_LABEL[r.role] || r.role).toLowerCase()}) is ${r.classification || r.code} media (${r.code})${r.country ? ' of ' + countryName(r.country) : ''}.`);
      v.append(el('p', { class: 'flag' }, 'Flagged as state media: ', reasons.join(' ')));
    }
    v.append(el('p', null, ann.summary || ''));
    if (ann.date) v.append(el('p', { class: 'small' }, `As of ${ann.date.value} (${DATE_SOURCE[ann.date.source] || ann.date.source}).`));
    if (ann.partial && ann.partial.limit)
      v.append(el('p', null, `masthead stopped early (limit reached: ${ann.partial.limit}); this shows everything found before that.`));
    return v;
  }

  // --------------------------------------------------------- the text

  /* The text with every evidence span highlighted; returns the first
   * highlight of each evidence item (by idx). */
  function renderText(box, text, items, lines) {
    box.replaceChildren();
    hideTip(true);
    const first = new Map();
    if (!text.length) {
      box.append(el('em', null, '(no text was given: only the address)'));
      return first;
    }
    const placed = items.filter((it) => Number.isInteger(it.ev.start) && Number.isInteger(it.ev.end) &&
      it.ev.end > it.ev.start && it.ev.source !== 'url');
    const map = byteIndexMap(text, placed.flatMap((it) => [it.ev.start, it.ev.end]));
    const spans = placed.map((it) => ({ a: map.get(it.ev.start), b: map.get(it.ev.end), it }))
      .filter((s) => s.b > s.a).sort((x, y) => x.a - y.a);
    const points = [...new Set([0, text.length, ...spans.flatMap((s) => [s.a, s.b])])].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    let active = [], next = 0, n = 0;
    for (let j = 0; j + 1 < points.length; j++) {
      const a = points[j], b = points[j + 1];
      active = active.filter((s) => s.b > a);
      while (next < spans.length && spans[next].a <= a) {
        if (spans[next].b > a) active.push(spans[next]);
        next++;
      }
      const piece = text.slice(a, b);
      if (!active.length) { frag.append(piece); continue; }
      const covering = active.map((s) => s.it).sort((x, y) => ROLE_RANK[x.role] - ROLE_RANK[y.role]);
      const top = covering[0];
      const descId = `desc-${n}`;
      const mark = el('mark', { class: `ev role-${roleClass(top.role)}`, tabindex: '0', id: `hl-${n}`, 'aria-describedby': descId }, piece);
      // the explanation: read by screen readers, shown by showTip on hover, focus or tap
      const desc = el('span', { class: 'desc', id: descId, hidden: true },
        covering.map((it) => el('span', { class: 'tipitem' },
          el('strong', null, `${ROLE_LABEL[it.role]}${it.outlet ? ': ' + it.outlet.name : ''}`),
          ' ', whyLine(it, lines), ` (rule ${it.ev.rule})`)));
      frag.append(mark, desc);
      for (const it of covering) if (!first.has(it.idx)) first.set(it.idx, mark);
      n++;
    }
    box.append(frag);
    return first;
  }

  function evidenceList(items, first, lines) {
    const ol = document.getElementById('evlist');
    const loose = document.getElementById('nooffset');
    ol.replaceChildren();
    loose.replaceChildren();
    const inText = items.filter((it) => first.has(it.idx)).sort((x, y) => x.ev.start - y.ev.start);
    for (const it of inText) {
      const ev = it.ev;
      const button = el('button', { type: 'button', class: `evitem role-${roleClass(it.role)}` },
        el('span', { class: 'evmeta' }, `${ROLE_LABEL[it.role]} · ${KIND_LABEL[ev.kind] || ev.kind}${ev.line ? ' · line ' + ev.line : ''}`),
        `“${clip(ev.text, 110)}”`, it.outlet ? ` → ${it.outlet.name}` : '');
      button.addEventListener('click', () => {
        const mark = first.get(it.idx);
        mark.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
        mark.focus({ preventScroll: true });
      });
      ol.append(el('li', null, button));
    }
    const rest = items.filter((it) => !first.has(it.idx));
    if (rest.length)
      loose.append(el('h4', null, 'Not in the text'),
        el('ul', { class: 'why' }, rest.map((it) => el('li', null, whyLine(it, lines)))));
    if (!items.length) ol.append(el('li', null, 'No evidence was found.'));
  }

  // ------------------------------------------------------ explanations

  /* One floating box shows the explanation of the highlight under the
   * pointer or the keyboard focus, placed next to it and kept on screen. */
  let tipFor = null, hideTimer = 0;

  function showTip(mark) {
    clearTimeout(hideTimer);
    const tip = document.getElementById('tip');
    const desc = document.getElementById(mark.getAttribute('aria-describedby'));
    if (!desc) return;
    if (tipFor !== mark) {
      tip.replaceChildren(...[...desc.childNodes].map((c) => c.cloneNode(true)));
      tipFor = mark;
    }
    tip.hidden = false;
    placeTip(mark, tip);
  }

  function placeTip(mark, tip) {
    const rects = mark.getClientRects();
    const r = rects.length ? rects[0] : mark.getBoundingClientRect();
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    // a highlight scrolled out of the text box shows no explanation
    const box = document.getElementById('text').getBoundingClientRect();
    tip.classList.toggle('offscreen', r.bottom < box.top || r.top > box.bottom);
    const t = tip.getBoundingClientRect();
    let left = Math.min(Math.max(8, r.left), vw - t.width - 8);
    let top = r.bottom + 6;
    const last = rects.length ? rects[rects.length - 1] : r;
    if (rects.length > 1) top = last.bottom + 6;
    if (top + t.height > vh - 8 && r.top - t.height - 6 > 8) top = r.top - t.height - 6;
    tip.style.left = `${Math.max(8, left)}px`;
    tip.style.top = `${Math.max(8, top)}px`;
  }

  function hideTip(now) {
    clearTimeout(hideTimer);
    const go = () => { document.getElementById('tip').hidden = true; tipFor = null; };
    if (now) go(); else hideTimer = setTimeout(go, 250);
  }

  // --------------------------------------------------------- the page

  function render(ann, text) {
    citations = ann.citations && typeof ann.citations === 'object' ? ann.citations : {};
    const items = collectEvidence(ann);
    const lines = text ? text.split('\n').length : 0;
    const pub = document.getElementById('publisher');
    pub.replaceChildren(ann.publisher ? publisherCard(ann) : unknownCard(ann, items));
    document.getElementById('verdict').replaceChildren(verdictBlock(ann));
    document.getElementById('why').replaceChildren(whyCard(ann, items, lines));
    document.getElementById('others').replaceChildren(othersBlock(ann));
    const first = renderText(document.getElementById('text'), text, items, lines);
    evidenceList(items, first, lines);
    const v = ann.versions || {};
    document.getElementById('versions').textContent =
      `masthead ${v.tool || '?'} · rules ${v.rules || '?'} · database ${v.database || '?'} (built ${v.database_built || '?'}) · annotation schema ${v.schema || '?'}`;
    const results = document.getElementById('results');
    results.hidden = false;
    results.dataset.run = String(Number(results.dataset.run || 0) + 1); // a new answer is shown
    document.getElementById('results-h').focus();
  }

  function setBusy(busy, message) {
    document.getElementById('go').disabled = busy;
    document.getElementById('status').textContent = message || '';
  }

  function showError(message) {
    const e = document.getElementById('error');
    e.textContent = message;
    e.hidden = !message;
  }

  async function submit(event) {
    event.preventDefault();
    showError('');
    const text = wellFormed(document.getElementById('article').value);
    const url = document.getElementById('url').value.trim();
    const date = document.getElementById('date').value;
    if (!text.trim() && !url) {
      showError('Paste an article (or give its address) first.');
      document.getElementById('article').focus();
      return;
    }
    let type = document.getElementById('type').value;
    if (type === 'auto') type = looksLikeHtml(text) ? 'html' : 'text';
    const req = {};
    if (text.length) req[type] = text;
    if (url) req.url = url;
    if (date) req.date = date;
    setBusy(true, 'Reading the article…');
    let res, body;
    try {
      res = await fetch('/api/annotate', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(req),
        credentials: 'omit',
      });
      body = await res.json();
    } catch (e) {
      setBusy(false, '');
      showError('Could not reach masthead. Is “masthead serve” still running?');
      return;
    }
    if (!res.ok) {
      setBusy(false, '');
      showError(`masthead could not read this (${res.status}): ${body && body.message ? body.message : res.statusText}`);
      return;
    }
    render(body, text.length ? text : '');
    setBusy(false, body.publisher ? `Done: published by ${body.publisher.name}.` : 'Done: the publisher could not be told.');
  }

  function decode(buffer, name) {
    const bytes = new Uint8Array(buffer);
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    const m = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head);
    let label = 'utf-8';
    if (m && /\.html?$/i.test(name)) label = m[1];
    try { return new TextDecoder(label).decode(bytes); } catch (e) { return new TextDecoder().decode(bytes); }
  }

  async function loadFile(file) {
    showError('');
    if (file.size > 4 * 1024 * 1024) {
      showError(`That file is ${(file.size / 1048576).toFixed(1)} MB: masthead reads at most 4 MB per article.`);
      return;
    }
    const text = decode(await file.arrayBuffer(), file.name);
    document.getElementById('article').value = text;
    document.getElementById('type').value = /\.html?$/i.test(file.name) ? 'html' : 'auto';
    document.getElementById('status').textContent = `Loaded ${file.name} (${Math.ceil(file.size / 1024)} KB). Press “Who is behind it?”.`;
  }

  function clear() {
    document.getElementById('form').reset();
    document.getElementById('results').hidden = true;
    showError('');
    setBusy(false, '');
    document.getElementById('article').focus();
  }

  function init() {
    document.getElementById('form').addEventListener('submit', submit);
    document.getElementById('clear').addEventListener('click', clear);
    const fileInput = document.getElementById('file');
    fileInput.addEventListener('change', () => { if (fileInput.files[0]) loadFile(fileInput.files[0]); });
    const drop = document.getElementById('drop');
    for (const t of ['dragenter', 'dragover'])
      drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('dragging'); });
    for (const t of ['dragleave', 'drop'])
      drop.addEventListener(t, () => drop.classList.remove('dragging'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      const f = e.dataTransfer && e.dataTransfer.files[0];
      if (f) loadFile(f);
    });
    // a file dropped beside the box must not make the browser leave the page
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    const text = document.getElementById('text');
    const tip = document.getElementById('tip');
    const markOf = (e) => (e.target instanceof Element ? e.target.closest('mark.ev') : null);
    text.addEventListener('focusin', (e) => { const m = markOf(e); if (m) showTip(m); });
    text.addEventListener('focusout', (e) => { if (markOf(e)) hideTip(false); });
    text.addEventListener('mouseover', (e) => { const m = markOf(e); if (m) showTip(m); });
    text.addEventListener('mouseout', (e) => { if (markOf(e) && document.activeElement !== tipFor) hideTip(false); });
    text.addEventListener('click', (e) => { const m = markOf(e); if (m) showTip(m); });
    text.addEventListener('scroll', () => { if (tipFor && !tip.hidden) placeTip(tipFor, tip); });
    window.addEventListener('scroll', () => { if (tipFor && !tip.hidden) placeTip(tipFor, tip); }, { passive: true });
    window.addEventListener('resize', () => hideTip(true));
    // the explanation can be hovered (to read it) without vanishing
    tip.addEventListener('mouseover', () => clearTimeout(hideTimer));
    tip.addEventListener('mouseout', () => { if (document.activeElement !== tipFor) hideTip(false); });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !tip.hidden) hideTip(true); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
