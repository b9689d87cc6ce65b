// The agent's home: the queues' counts follow the requests of their services as they arrive or change
// (progressive enhancement: the page is complete without it). One counts request after a burst.
(function () {
  var list = document.querySelector('.queue-counts[data-flux]');
  if (!list || !window.EventSource || !window.fetch) return;
  var timer = null;

  function refresh() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      fetch(list.getAttribute('data-compteurs'), { credentials: 'same-origin', redirect: 'error' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) {
          if (!counts) return;
          list.querySelectorAll('[data-count]').forEach(function (strong) {
            var slug = strong.getAttribute('data-count');
            var count = counts[slug];
            if (typeof count !== 'number') return;
            strong.textContent = String(count);
            var unit = list.querySelector('[data-unit="' + slug + '"]');
            if (unit) unit.textContent = count === 1 ? 'demande' : 'demandes';
          });
        })
        .catch(function () { /* session ended or network lost: the next event asks again */ });
    }, 700);
  }

  var source = new EventSource(list.getAttribute('data-flux'));
  source.addEventListener('nouvelle', refresh);
  source.addEventListener('modifiee', refresh);
  source.addEventListener('reprise', refresh);
})();
