// Behaviour for the site's own pages. Kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A form that answers another site (the LTI deep linking return): sent as soon as the page is read;
// its button stays for browsers without script.
document.querySelectorAll("form[data-auto-submit]").forEach((form) => form.submit());

// The end of an LTI Dynamic Registration: tell the platform that opened this page to close it
// (the message the IMS specification names; the platform checks where it comes from).
if (document.querySelector("[data-lti-registration-done]")) {
  (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
}

// "Copy" beside a ready text (the catalogue's attribution lines): shown only where script runs; the
// text itself stays selectable in its read-only field.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(field.value).then(() => { if (status) status.textContent = button.dataset.copied; }, () => field.select());
  });
});

// Inside a platform's frame (an LTI launch: the site lets only the launched module be framed), the
// site's own navigation — header, footer, breadcrumbs — leads to pages that refuse the frame, so those
// links and forms open a window of their own; links within the module (its outline, the pager, the
// breadcrumb of the module itself) stay in the frame.
if (window.self !== window.top) {
  const moduleLink = document.querySelector(".module-nav-title a");
  const modulePath = moduleLink ? new URL(moduleLink.href).pathname : null;
  const inModule = (url) => modulePath !== null && new URL(url, window.location.href).pathname.startsWith(modulePath);
  document.querySelectorAll(".site-header a, .site-header form, .site-footer a, .breadcrumbs a").forEach((element) => {
    if (element.tagName === "A" && inModule(element.href)) return;
    element.target = "_blank";
    if (element.tagName === "A") element.rel = "noopener";
  });
}
