// A request's page in the back-office: when a colleague changes this request (on any instance), say
// so at once with a link to reload, so nobody acts on what is no longer true. The agents' stream
// (/agents/flux) carries only references of the agent's own services.
// The resident's own answer or message ("habitant") is said as such: it is no colleague's change.
(function () {
  var notice = document.querySelector('[data-request-live]');
  if (!notice || !window.EventSource) return;
  var reference = notice.getAttribute('data-request-live');
  var source = new EventSource('/agents/flux');
  // Says the page is listening (tests wait for it before a colleague acts).
  source.addEventListener('open', function () { notice.setAttribute('data-live-connected', ''); });
  function show(text) {
    return function (e) {
      if (e.data !== reference) return;
      notice.hidden = false;
      notice.querySelector('p').textContent = text;
    };
  }
  source.addEventListener('modifiee', show('Cette demande vient d\u2019être modifiée par un collègue.'));
  source.addEventListener('habitant', show('L\u2019habitant vient d\u2019écrire au sujet de cette demande.'));
  window.addEventListener('pagehide', function () { source.close(); });
})();
