// @ts-check
// The page's words come from the one table of the grading program (scoring/words.py: WORDS, the terms every output
// prints, and PAGE_WORDS, the page's own buttons, help and messages), through words.data.js, which the build
// writes from it. Nothing here spells a word: this module picks the language and fills in the placeholders.
import { WORDS } from "./words.data.js";

/** @typedef {"zh" | "en"} Lang */
/** @typedef {Record<keyof typeof WORDS.zh, string>} Words */

/** The page's language, from <html lang>. @returns {Lang} */
export function pageLanguage() {
  return (document.documentElement.lang || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** The words of one language. @param {Lang} lang @returns {Words} */
export function wordsFor(lang) {
  return WORDS[lang];
}

// {name}, or {name:one|other}: the English word for a count (scoring/words.py's fill() reads the same grammar).
const PLACEHOLDER = /\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g;

/**
 * A word with its placeholders filled in: each {name} by values[name], each {name:one|other} by one when
 * values[name] is written 1, by other otherwise.
 * @param {string} text @param {Record<string, string | number>} values @returns {string}
 */
export function fill(text, values) {
  return text.replace(PLACEHOLDER, (_, /** @type {string} */ name, /** @type {string | undefined} */ one, /** @type {string} */ other) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in “${text}”`);
    return one === undefined ? String(value) : String(value) === "1" ? one : other;
  });
}
