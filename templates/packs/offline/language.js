/* The offline copy's language switcher. On the source language's index page (data-choose-language)
   it opens the copy in the reader's language: the one chosen before in the switcher (remembered in
   localStorage where the browser allows it for file:// pages), else the first of the browser's
   languages the copy has. Nothing is loaded or sent anywhere. */
(function () {
  "use strict";
  var KEY = "elearn-offline-language";
  var links = document.querySelectorAll(".offline-languages a[hreflang]");
  var available = {};
  for (var i = 0; i < links.length; i++) {
    available[links[i].getAttribute("hreflang").toLowerCase()] = links[i].href;
    links[i].addEventListener("click", function () {
      try { window.localStorage.setItem(KEY, this.getAttribute("hreflang")); } catch (e) { /* file:// storage refused */ }
    });
  }
  var current = (document.documentElement.getAttribute("lang") || "").toLowerCase();
  if (!document.documentElement.hasAttribute("data-choose-language")) {
    return;
  }
  var chosen = null;
  try { chosen = window.localStorage.getItem(KEY); } catch (e) { chosen = null; }
  var wanted = chosen ? [chosen] : (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  for (var j = 0; j < wanted.length; j++) {
    var code = String(wanted[j] || "").toLowerCase();
    var primary = code.split("-")[0];
    if (code === current || primary === current) {
      return;
    }
    var target = available[code] || available[primary];
    if (target) {
      window.location.replace(target);
      return;
    }
  }
}());
