// Behaviour for the site's own pages. Kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
