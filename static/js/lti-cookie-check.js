// The OIDC login inside a platform's frame (templates/modules/lti/cookie_check.html): the server set a
// test cookie with the flags the session cookie will carry (SameSite=None; Secure; Partitioned). If this
// frame can read it back, the browser keeps our cookies here: continue to the platform. Otherwise
// (Safari, or a browser blocking every third-party cookie) offer the same login in a new window.
(function () {
  "use strict";
  var box = document.querySelector("[data-lti-cookie-check]");
  if (!box) return;
  var name = box.getAttribute("data-cookie-name");
  var kept = navigator.cookieEnabled && document.cookie.split(";").some(function (part) {
    return part.trim().indexOf(name + "=") === 0;
  });
  if (kept) {
    window.location.replace(box.getAttribute("data-continue-url"));
    return;
  }
  box.querySelector("[data-lti-loading]").hidden = true;
  box.querySelector("[data-lti-blocked]").hidden = false;
})();
