// A request's page in the back-office: when a colleague changes this request (on any instance), say
// so at once with a link to reload, so nobody acts on what is no longer true. The agents' stream
// (/agents/flux) carries only references of the agent's own services.
(function () {
  var notice = document.querySelector('[data-request-live]');
  if (!notice || !window.EventSource) return;
  var reference = notice.getAttribute('data-request-live');
  var source = new EventSource('/agents/flux');
  source.addEventListener('modifiee', function (e) {
    if (e.data !== reference) return;
    notice.hidden = false;
    notice.querySelector('p').textContent = 'Cette demande vient d\u2019être modifiée par un collègue.';
  });
  window.addEventListener('pagehide', function () { source.close(); });
})();
