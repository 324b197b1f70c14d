/* Small enhancements only: every page reads and works without this file. */
;(() => {
  "use strict"
  const root = document.documentElement
  root.classList.add("js", "smooth")  // "js" is normally set already by early.js

  // The mobile menu: a real button with aria-expanded; without JavaScript the menu stays open.
  const toggle = document.querySelector(".menu-toggle")
  const menu = document.getElementById("main-menu")
  if (toggle && menu) {
    toggle.hidden = false
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true"
      toggle.setAttribute("aria-expanded", String(open))
      menu.classList.toggle("is-open", open)
    })
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.classList.contains("is-open")) {
        toggle.setAttribute("aria-expanded", "false")
        menu.classList.remove("is-open")
        toggle.focus()
      }
    })
  }

  // Print buttons: shown only when they can work.
  for (const button of document.querySelectorAll("[data-print]")) {
    if (typeof window.print === "function") {
      button.hidden = false
      button.addEventListener("click", () => window.print())
    }
  }

  // Count a view of an article: a beacon, so that views count even when the page was cached.
  const counted = document.querySelector("[data-view-url]")
  if (counted && navigator.sendBeacon) {
    navigator.sendBeacon(counted.getAttribute("data-view-url"))
  }

  // "Top": the link works without JavaScript; with it, it floats once the reader has scrolled a
  // screen down, and focus moves to the top as well.
  const topLinks = document.querySelectorAll(".to-top")
  const showTop = () => {
    const far = window.scrollY > window.innerHeight
    for (const link of topLinks) link.classList.toggle("is-visible", far)
  }
  window.addEventListener("scroll", showTop, { passive: true })
  showTop()
  for (const link of topLinks) {
    link.addEventListener("click", (event) => {
      const target = document.getElementById("top")
      if (!target) return
      event.preventDefault()
      window.scrollTo({ top: 0 })
      const focusable = target.querySelector("a, button, input")
      if (focusable) focusable.focus({ preventScroll: true })
    })
  }
})()
