(() => {
  "use strict";
  const lines = Array.from(document.querySelectorAll("details.sources"));
  const button = document.getElementById("toggle-all");
  const allOpen = () => lines.length > 0 && lines.every((d) => d.open);
  const sync = () => {
    button.textContent = allOpen() ? "Hide all sources" : "Show all sources";
    button.setAttribute("aria-expanded", String(allOpen()));
  };
  const openTarget = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    const details = target && target.querySelector("details.sources");
    if (details) details.open = true;
  };
  if (button && lines.length > 0) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = !allOpen();
      lines.forEach((d) => { d.open = open; });
      sync();
    });
    lines.forEach((d) => d.addEventListener("toggle", sync));
    sync();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
