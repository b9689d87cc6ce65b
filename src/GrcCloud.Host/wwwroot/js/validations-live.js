// Elected officials' validations, live (progressive enhancement: the page is complete without it).
// /agents/flux names the requests that change, the ones they were asked to validate among them; the
// page asks how many decisions now wait and, when that differs from the list on screen, says so with
// a link to the updated list. The forms are never replaced: a comment being typed is never lost.
(function () {
  var live = document.querySelector('[data-validations-live]');
  if (!live || !window.EventSource || !window.fetch) return;
  var status = live.querySelector('[data-live-status]');
  var shown = parseInt(live.getAttribute('data-count'), 10);
  var timer = null;
  var leaving = false;

  // A decision being sent leaves the page: a count fetched now would consume the confirmation
  // meant for the next page.
  function leave() { leaving = true; window.clearTimeout(timer); source.close(); }

  function check() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (leaving) return;
      fetch(live.getAttribute('data-en-attente'), { credentials: 'same-origin', redirect: 'error' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (waiting) {
          if (typeof waiting !== 'number' || waiting === shown) return;
          shown = waiting;
          status.textContent = '';
          var text = waiting === 0 ? 'Plus aucune validation en attente. '
            : (waiting === 1 ? '1 validation attend votre décision. ' : waiting + ' validations attendent votre décision. ');
          status.appendChild(document.createTextNode(text));
          var link = document.createElement('a');
          link.href = window.location.pathname;
          link.textContent = 'Afficher la liste à jour';
          status.appendChild(link);
        })
        .catch(function () { /* session ended or network lost: the next event asks again */ });
    }, 700);
  }

  var source = new EventSource(live.getAttribute('data-validations-live'));
  source.addEventListener('nouvelle', check);
  source.addEventListener('modifiee', check);
  source.addEventListener('habitant', check);
  source.addEventListener('reprise', check);
  document.addEventListener('submit', leave, true);
  window.addEventListener('pagehide', leave);
})();
