// Agents' open queue and home page, live (progressive enhancement: the pages are complete without it).
// /agents/flux names the requests of the agent's services that arrive or change. On the queue, the
// row itself is asked of the queue page (which checks the agent's scope again and says whether the
// row belongs to the view on screen): new rows go to the top of the table, a changed row is replaced
// in place, each arrival is announced in the page's live region and, when the agent allowed it, by
// the browser's Notifications API. On both pages the queues' counts follow.
(function () {
  var flux = document.querySelector('[data-flux]');
  if (!flux || !window.EventSource || !window.fetch) return;
  var table = flux.tagName === 'TABLE' ? flux : null; // the queue page; the home page has counts only
  var body = table && table.tBodies[0];
  var status = document.querySelector('[data-live-status]');
  var button = document.querySelector('[data-notifications]');
  var canNotify = 'Notification' in window;

  function announce(text) {
    if (!status) return;
    // Emptied first so the same message twice is read twice.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function notify(title, text, reference) {
    if (!canNotify || Notification.permission !== 'granted') return false;
    var n = new Notification(title, { body: text, tag: reference });
    n.onclick = function () { window.focus(); window.location.href = '/agents/demandes/' + encodeURIComponent(reference); };
    return true;
  }

  if (button && canNotify && Notification.permission === 'default') {
    button.hidden = false;
    button.addEventListener('click', function () {
      Notification.requestPermission().then(function (answer) {
        button.hidden = true;
        announce(answer === 'granted' ? 'Notifications activées.' : 'Notifications refusées : les nouvelles demandes seront annoncées dans la page.');
      });
    });
  }

  function rowOf(html) {
    var template = document.createElement('template');
    template.innerHTML = html.trim(); // built and escaped by the server
    var tbody = document.createElement('tbody');
    tbody.appendChild(template.content);
    return tbody.querySelector('tr');
  }

  function fetchRow(reference) {
    // redirect: 'error': an expired session answers with the sign-in page, never to be taken for a row.
    return fetch(table.getAttribute('data-ligne') + '&reference=' + encodeURIComponent(reference), { credentials: 'same-origin', redirect: 'error' })
      .then(function (response) {
        if (!response.ok) return null;
        var matches = response.headers.get('X-Queue-Match') === '1';
        return response.text().then(function (html) { return { row: rowOf(html), matches: matches }; });
      });
  }

  function existing(reference) {
    return document.getElementById('demande-' + reference);
  }

  function arrived(reference) {
    fetchRow(reference).then(function (found) {
      if (!found || !found.row) return;
      var theme = found.row.cells[2] ? found.row.cells[2].textContent : '';
      if (found.matches && !existing(reference)) {
        found.row.classList.add('queue-new');
        body.insertBefore(found.row, body.firstChild);
        var empty = document.querySelector('[data-queue-empty]');
        if (empty) empty.hidden = true;
      }
      var text = 'Nouvelle demande ' + reference + ' : ' + theme + (found.matches ? '' : ' (hors de la vue affichée)');
      notify('Nouvelle demande', text, reference);
      announce(text);
    }).catch(function () { /* session ended or network lost: the page stays as it is */ });
  }

  function changed(reference) {
    var current = existing(reference);
    if (!current) return;
    fetchRow(reference).then(function (found) {
      if (!found || !found.row || !existing(reference)) return;
      found.row.classList.add('queue-changed');
      current.replaceWith(found.row);
      announce('La demande ' + reference + ' a été modifiée' + (found.matches ? '.' : ' et ne correspond plus à cette vue.'));
    }).catch(function () { /* session ended or network lost: the page stays as it is */ });
  }

  // The queues' counts (by tab slug), asked once things calm down (a burst of arrivals costs one request).
  var countsTimer = null;
  function refreshCounts() {
    window.clearTimeout(countsTimer);
    countsTimer = window.setTimeout(function () {
      fetch(flux.getAttribute('data-compteurs'), { credentials: 'same-origin', redirect: 'error' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) {
          if (!counts) return;
          document.querySelectorAll('[data-count]').forEach(function (number) {
            var slug = number.getAttribute('data-count');
            var count = counts[slug];
            if (typeof count !== 'number') return;
            number.textContent = String(count);
          });
          // A tab's count may show more than once (its tab, the table's caption): every unit follows.
          document.querySelectorAll('[data-unit]').forEach(function (unit) {
            var count = counts[unit.getAttribute('data-unit')];
            if (typeof count === 'number') unit.textContent = count === 1 ? 'demande' : 'demandes';
          });
        })
        .catch(function () { /* the next event asks again */ });
    }, 700);
  }

  var source = new EventSource(flux.getAttribute('data-flux'));
  source.addEventListener('nouvelle', function (e) { if (table) arrived(e.data); refreshCounts(); });
  function onChange(e) { if (table) changed(e.data); refreshCounts(); }
  source.addEventListener('modifiee', onChange);
  source.addEventListener('habitant', onChange); // the resident answered: the row's status may have moved
  source.addEventListener('reprise', function () {
    refreshCounts();
    announce('La connexion a été rétablie : rechargez la page pour être sûr de voir toutes les demandes.');
  });
})();
