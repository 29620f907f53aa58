// Keyboard keys, and nothing else: every page works without this file.
(() => {
  "use strict";
  const items = () => {
    const page = document.body.dataset.page;
    if (page === "list") return Array.from(document.querySelectorAll("li.story-item"));
    return Array.from(document.querySelectorAll("li.summary-line"));
  };
  let current = -1;
  const move = (step) => {
    const all = items();
    if (all.length === 0) return;
    if (current >= 0 && all[current]) all[current].classList.remove("current");
    current = Math.max(0, Math.min(all.length - 1, current + step));
    const item = all[current];
    item.classList.add("current");
    const target = item.querySelector("a.story-link, summary");
    if (target) target.focus();
    item.scrollIntoView({ block: "nearest" });
  };
  const keys = () => document.getElementById("keys");
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if (event.key === "Escape") {
      keys().hidden = true;
      if (typing) event.target.blur();
      return;
    }
    if (typing) return;
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "/") {
      const search = document.getElementById("q");
      if (search) { search.focus(); search.select(); event.preventDefault(); }
    } else if (event.key === "?") {
      keys().hidden = !keys().hidden;
      event.preventDefault();
    }
  });
})();
