// The site's search (issue 11, point 6): the dialog of overrides/partials/site-search.html over Pagefind's index of
// this language (pagefind/, written at build time by build_tools/pagefind_hook.py).
//
// Nothing of Pagefind is fetched until the reader opens the search: pagefind.js, its WebAssembly and the index
// chunks load then (the calculator page's engine has the processor to itself while it starts).
//
// Readers search for the rule, so results are clauses, not pages, ranked in this order:
//   1. sections of the specification's own pages (data-pagefind-meta="part:spec") before editorial pages;
//   2. sections holding the words as typed (内部审核, not 内部 … 审核 apart; "internal audit", not the two apart),
//      or as written with a number word: the specification writes counts in words (五星级, "Five stars"), readers
//      type digits (5星, "5 stars", "5-star"), so a number of 1 to 10 before a word is also searched as its word;
//   3. sections holding every word typed, then those holding some;
//   4. the weight Pagefind gives the section's matches (headings count more than running text).
// Each result links to its clause's anchor (Pagefind's sub-result: the section under a heading with an id).

const PER_PAGE = 4; // one page's sections at most, so that other pages' clauses stay in view
const SHOWN = 20;
const FAILED = { zh: "搜索暂不可用。", en: "Search is not available." };
// What was found: clauses of the specification's pages, sections of the site's other pages (notes, guides…).
const FOUND = {
  zh: (clauses, sections) =>
    clauses + sections === 0
      ? "没有找到条款或页面。"
      : "找到" + [clauses && `规范的 ${clauses} 个条款`, sections && `其他页面的 ${sections} 个章节`].filter(Boolean).join("、") + "。",
  en: (clauses, sections) =>
    clauses + sections === 0
      ? "No clause or page found."
      : [
          clauses && `${clauses} ${clauses === 1 ? "clause" : "clauses"} of the specification`,
          sections && `${sections} ${sections === 1 ? "section" : "sections"} of other pages`,
        ]
          .filter(Boolean)
          .join(" and ") + " found.",
};
// The numbers 1 to 10 as the specification writes them in words, and where a typed digit is read as one: before a
// Chinese character (5星, 3 级) or before an English word (5 stars, 5-star), not within a clause number (5.3).
const NUMBER_WORDS = {
  zh: { words: ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"], at: /(?<![\d.])(10|[1-9])\s*(?=\p{sc=Han})/gu },
  en: {
    words: ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    at: /(?<![\d.])\b(10|[1-9])(?=[\s\p{Pd}]+\p{L})/gu,
  },
};

const dialog = document.getElementById("site-search");
if (dialog instanceof HTMLDialogElement) setUp(dialog);

function setUp(dialog) {
  const opener = document.querySelector(".site-search__open");
  const form = dialog.querySelector("form");
  const input = dialog.querySelector(".site-search__input");
  const status = dialog.querySelector(".site-search__status");
  const list = dialog.querySelector(".site-search__results");
  let pagefind = null;
  let latest = 0;
  let timer = 0;
  let chosen = false;

  // Relative to this module (site/<lang>/assets/search/), so that it works on every page, the 404 page included,
  // and under any base path.
  const load = () =>
    (pagefind ??= import(new URL("../../pagefind/pagefind.js", import.meta.url).href).then(async (module) => {
      await module.options({ excerptLength: 24 });
      return module;
    }));

  const say = (text) => {
    status.textContent = text;
  };

  const open = () => {
    chosen = false;
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    load().catch(() => say(FAILED[document.documentElement.lang] ?? FAILED.en));
  };

  opener.addEventListener("click", open);
  dialog.querySelector(".site-search__close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener("close", () => {
    if (!chosen) opener.focus();
  });
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) {
      chosen = true; // the link may be on this page: the dialog must not cover its clause
      dialog.close();
    }
  });

  // The theme's keys for search ("/", "s", "f") open this one; caught before the theme's own handler sees them.
  window.addEventListener(
    "keydown",
    (event) => {
      if (dialog.open || event.ctrlKey || event.metaKey || event.altKey || !["/", "s", "f"].includes(event.key)) return;
      const target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))
        return;
      event.preventDefault();
      event.stopImmediatePropagation();
      open();
    },
    true,
  );

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(input.value), 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) {
      chosen = true;
      dialog.close();
      location.href = first.href;
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      // A search field's own Esc would only empty it (Chromium); Esc closes the dialog, as it does everywhere else.
      event.preventDefault();
      dialog.close();
    } else if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
  });

  async function show(text) {
    const ticket = ++latest;
    if (!text.trim()) {
      list.replaceChildren();
      say(status.dataset.placeholder);
      return;
    }
    say(status.dataset.loading);
    let hits;
    try {
      hits = await rank(await load(), text);
    } catch {
      if (ticket === latest) say(FAILED[document.documentElement.lang] ?? FAILED.en);
      return;
    }
    if (ticket !== latest) return; // the reader typed on meanwhile
    list.replaceChildren(...hits.slice(0, SHOWN).map(item));
    const clauses = hits.filter((hit) => hit.spec).length;
    say((FOUND[document.documentElement.lang] ?? FOUND.en)(clauses, hits.length - clauses));
    list.dataset.query = text; // what the list answers (tests wait on it)
  }
}

// Every section that matches, ranked as the header of this file says. Pagefind answers the sections holding every
// word; when the reader typed several words ("star rating"), the sections holding some of them follow those. A
// hyphenated compound is also taken as its words: "three-star" finds "Three stars" as well as "three-star".
async function rank(pagefind, text) {
  const words = text.trim().split(/[\s\p{Pd}]+/u).filter(Boolean);
  const spelt = inWords(text.trim(), document.documentElement.lang);
  const typed = spelt ? [spelt, text] : [text]; // the words as typed, or as the specification spells them
  // Queries whose answers hold every word: the number word's first, so that its sections' matches are marked.
  const every = [...new Set([...(spelt ? [spelt, spelt.split(/[\s\p{Pd}]+/u).join(" ")] : []), text.trim(), words.join(" ")])];
  const some = words.length > 1 ? words.filter((word) => !every.includes(word)) : [];
  const searches = [...every, ...some].map((query) => pagefind.search(query));
  const hits = new Map();
  for (const [index, search] of (await Promise.all(searches)).entries()) {
    for (const page of await Promise.all(search.results.map((result) => result.data()))) {
      const spec = page.meta.part === "spec";
      for (const section of page.sub_results) {
        if (!section.locations.length || hits.has(section.url)) continue;
        hits.set(section.url, {
          url: section.url,
          title: section.title,
          page: page.meta.title,
          excerpt: section.excerpt,
          spec,
          asTyped: typed.some((query) => holdsAsTyped(page.raw_content, section.locations, query)),
          everyWord: index < every.length,
          weight: section.weighted_locations.reduce((sum, location) => sum + location.balanced_score, 0),
        });
      }
    }
  }
  const ranked = [...hits.values()].sort(
    (a, b) => b.spec - a.spec || b.asTyped - a.asTyped || b.everyWord - a.everyWord || b.weight - a.weight,
  );
  const perPage = new Map();
  return ranked.filter((hit) => {
    const key = hit.url.split("#")[0];
    perPage.set(key, (perPage.get(key) ?? 0) + 1);
    return perPage.get(key) <= PER_PAGE;
  });
}

/** The query with its numbers before a word written as words (5星 → 五星, "5-star" → "five-star"); null when it
 * has none. @param {string} text @param {string} lang */
function inWords(text, lang) {
  const numbers = NUMBER_WORDS[lang] ?? NUMBER_WORDS.en;
  const spelt = text.replace(numbers.at, (digits) => numbers.words[Number(digits) - 1]);
  return spelt === text ? null : spelt;
}

// Letters and digits only, lower case: 内部审核 and "Internal audits," compare as 内部审核 and internalaudits.
const bare = (text) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

// Whether the words the reader typed stand together, in that order, at one of the section's matches. Pagefind's
// `locations` index the page's words: its raw content (as indexed) split at U+200B (Chinese, segmented at index time)
// or, without U+200B, at spaces.
function holdsAsTyped(content, locations, text) {
  const typed = bare(text);
  if (!typed) return false;
  const words = content.includes("\u200B") ? content.split("\u200B") : content.split(/[^\S\uFEFF]+/);
  const reach = text.length + 2; // a window of words around each match, wider than what was typed
  return locations.some((at) => bare(words.slice(Math.max(0, at - reach), at + reach).join("")).includes(typed));
}

function item(hit) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = hit.url;
  link.className = "site-search__hit";
  const title = document.createElement("span");
  title.className = "site-search__title";
  title.textContent = hit.title;
  link.append(title);
  if (hit.page && hit.page !== hit.title) {
    const page = document.createElement("span");
    page.className = "site-search__page";
    page.textContent = hit.page;
    link.append(page);
  }
  const excerpt = document.createElement("span");
  excerpt.className = "site-search__excerpt";
  excerpt.innerHTML = hit.excerpt; // Pagefind's excerpt: the page's text, escaped, with <mark> around the matches
  link.append(excerpt);
  li.append(link);
  return li;
}
