// Comment forms: each submission carries a key, so that a double click or a form
// sent again unchanged (after going back, or a retry) is stored once — the server
// answers a known key with the first comment's receipt. Any edit makes the next
// submission a new one, with a new key. The key starts with the time in fixed-width
// hexadecimal, so keys sort by time (the server's index appends them). Without
// JavaScript the form posts without a key.
'use strict';

(function () {
  function newKey() {
    const random = new Uint8Array(16);
    crypto.getRandomValues(random);
    const hex = Array.from(random, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
    return Date.now().toString(16).padStart(11, '0') + '-' + hex;
  }

  document.querySelectorAll('form.comment-form').forEach(function (form) {
    const key = form.querySelector('input[name=submission_key]');
    if (!key) return;
    // Every edit of a field or box fires `input` (not `change`, which also fires
    // when the text box loses focus to the send button).
    form.addEventListener('input', function () { key.value = ''; });
    // Capturing, so that the key is set before any other submit handler runs.
    form.addEventListener('submit', function () {
      if (!key.value) key.value = newKey();
    }, true);
  });
})();
