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

  // Public forms are sent once: a second tap while the first is on its way (a slow network)
  // does nothing. The button comes back when the page is shown again from the history.
  // Without JavaScript the server answers a second post with the first one's result.
  for (const form of document.querySelectorAll("form[data-send-once]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sending) {
        event.preventDefault()
        return
      }
      form.dataset.sending = "1"
      for (const button of form.querySelectorAll("button[type=submit]")) {
        // Disabled after this submission's data is taken, so that the button still counts.
        window.setTimeout(() => { button.disabled = true; button.setAttribute("aria-busy", "true") }, 0)
      }
    })
  }
  window.addEventListener("pageshow", () => {
    for (const form of document.querySelectorAll("form[data-send-once]")) {
      delete form.dataset.sending
      for (const button of form.querySelectorAll("button[type=submit]")) {
        button.disabled = false
        button.removeAttribute("aria-busy")
      }
    }
  })

  // Print buttons: shown only when they can work.
  for (const button of document.querySelectorAll("[data-print]")) {
    if (typeof window.print === "function") {
      button.hidden = false
      button.addEventListener("click", () => window.print())
    }
  }

  // Count the visit: one beacon a page, so that views count even when the page was cached. An
  // article's beacon counts the article and the visit; every other page sends the site's.
  const article = document.querySelector("[data-view-url]")
  const beacon = article ? article.getAttribute("data-view-url") : document.body.getAttribute("data-visit-url")
  if (beacon && navigator.sendBeacon) {
    navigator.sendBeacon(beacon)
  }

  // "Thống kê truy cập": a cached page carries no figures; they are fetched (never cached) once
  // the block comes near the screen. Without them the block's link leads to the statistics page.
  const stats = document.querySelector("[data-stats-url]")
  if (stats && window.fetch) {
    const fill = () => {
      fetch(stats.getAttribute("data-stats-url"), { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((figures) => {
          const number = new Intl.NumberFormat(document.documentElement.lang || "vi")
          for (const cell of stats.querySelectorAll("[data-stat]")) {
            const value = figures[cell.getAttribute("data-stat")]
            cell.textContent = typeof value === "number" ? number.format(value) : "–"
          }
          stats.querySelector(".visit-figures").hidden = false
        })
        .catch(() => {})
    }
    if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect()
          fill()
        }
      }, { rootMargin: "300px" })
      observer.observe(stats)
    } else {
      fill()
    }
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
