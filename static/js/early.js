/* Runs in <head>, before the page is drawn: marks that JavaScript runs, so the phone menu is
   drawn collapsed from the start (no layout shift). Everything else waits for site.js. */
document.documentElement.classList.add("js")
