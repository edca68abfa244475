// @ts-check
// Copy a clause's permanent link or its citation (issue 22, point 3). The buttons and every word they copy or say
// are the page's own, written by build_tools/cite_hook.py: a button's data-cite-copy holds the citation, or the
// "#id" of its clause for a link, and data-cite-done the message; the page's one status region (.cite-status) holds
// the words for a copy that failed. This script shows the buttons (hidden until it runs, so that a page without
// scripts has no dead controls), copies, and announces what happened in the status region.

const STATUS_TIME = 5000; // ms a message stays on screen

/** The permanent link of a clause: this page's address without its query, with the clause's "#id".
 * @param {string} fragment "#clause-5-3" */
export function permanentLink(fragment) {
  const url = new URL(fragment, location.href);
  url.search = "";
  return url.href;
}

/** Copy without the asynchronous clipboard (an insecure origin, a refused permission): the text selected in a
 * field outside the window and the browser's copy command; no prompt.
 * @param {string} text @returns {boolean} whether the browser copied it */
function copyBySelection(text) {
  const field = document.createElement("textarea");
  field.value = text;
  field.readOnly = true;
  field.className = "cite-copy-field";
  field.setAttribute("aria-hidden", "true");
  field.tabIndex = -1;
  const focused = document.activeElement;
  document.body.append(field);
  field.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  field.remove();
  if (focused instanceof HTMLElement) focused.focus();
  return copied;
}

/** @param {string} text @returns {Promise<boolean>} */
async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused: try the other way.
    }
  }
  return copyBySelection(text);
}

/** @type {number | undefined} */
let clearing;

/** Say a message in the status region; a text that could not be copied is shown there, selected.
 * @param {HTMLElement} status @param {string} message @param {string} [uncopied] */
function announce(status, message, uncopied) {
  window.clearTimeout(clearing);
  status.textContent = "";
  const line = document.createElement("span");
  line.textContent = message;
  status.append(line);
  if (uncopied !== undefined) {
    const text = document.createElement("span");
    text.className = "cite-uncopied";
    text.textContent = uncopied;
    status.append(text);
    const range = document.createRange();
    range.selectNodeContents(text);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }
  clearing = window.setTimeout(() => { status.textContent = ""; }, uncopied === undefined ? STATUS_TIME : 4 * STATUS_TIME);
}

/** @param {HTMLElement} status */
function start(status) {
  for (const group of document.querySelectorAll(".cite[hidden]")) {
    if (group instanceof HTMLElement) group.hidden = false;
  }
  document.addEventListener("click", async (event) => {
    const target = event.target;
    const button = target instanceof Element ? target.closest("button[data-cite]") : null;
    if (!(button instanceof HTMLButtonElement)) return;
    const value = button.dataset.citeCopy || "";
    const text = button.dataset.cite === "link" ? permanentLink(value) : value;
    if (await copy(text)) {
      announce(status, button.dataset.citeDone || "");
    } else {
      announce(status, status.dataset.citeFailed || "", text);
    }
  });
}

const status = document.querySelector(".cite-status");
if (status instanceof HTMLElement) start(status);
