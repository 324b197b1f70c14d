/* The admin's automatic slugs for Vietnamese titles: "Đường dây nóng" -> "duong-day-nong".
   Django's URLify drops letters with Vietnamese diacritics and turns Đ into "dj"; this folds
   them first, exactly as the server's slugify (portal/text.py) does; dashes and slashes
   between words ("2026–2030") become word breaks. */
;(() => {
  "use strict"
  const original = window.URLify
  if (typeof original !== "function") return
  window.URLify = (text, maxLength, allowUnicode) => {
    const folded = String(text)
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2010-\u2015\u2212/\\]/g, " ")
    return original(folded, maxLength, allowUnicode)
  }
})()
