// Comment forms of anonymous commenters: when the consultation asks for a
// proof-of-work challenge (during a surge, or always), fetch one, solve it in a worker
// and send it with the comment. Without JavaScript the form still posts; the server
// then explains that the challenge needs JavaScript or signing in. What it says comes
// from the page, in the reader's language: the status element's data-working,
// data-done and data-failed attributes.
'use strict';

(function () {
  function status(form, which) {
    const out = form.querySelector('.challenge-status');
    if (out) out.textContent = out.dataset[which] || '';
  }

  function send(form) {
    form.dataset.solved = '1';
    if (typeof form.requestSubmit === 'function') form.requestSubmit(); else form.submit();
  }

  document.querySelectorAll('form[data-challenge]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.solved === '1') return;
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      const done = function () { if (button) button.disabled = false; };
      fetch(form.dataset.challenge, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { required: false }; })
        .then(function (c) {
          if (!c.required) { done(); send(form); return; }
          status(form, 'working');
          const worker = new Worker('/static/challenge-worker.js');
          worker.onmessage = function (e) {
            worker.terminate();
            form.querySelector('input[name=challenge_token]').value = c.token;
            form.querySelector('input[name=challenge_nonce]').value = e.data.nonce;
            status(form, 'done');
            done();
            send(form);
          };
          worker.onerror = function () {
            worker.terminate();
            status(form, 'failed');
            done();
            send(form);
          };
          worker.postMessage({ prefix: c.prefix, bits: c.bits });
        })
        .catch(function () { done(); send(form); });
    });
  });
})();
