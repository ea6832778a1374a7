// Keeps a conference page current from its live feed (server-sent events).
// The page is complete without this script: every action is a plain form and a
// reload shows the latest state. Text from the server is set with textContent only.
// The interface text it writes comes from the page (`data-t-*` on the root, rendered in
// the reader's language); content from the feed is marked as Vietnamese.
(function () {
  'use strict';
  var root = document.querySelector('[data-live]');
  if (!root || !window.EventSource) { return; }
  var conference = root.getAttribute('data-conference');
  var mode = root.getAttribute('data-mode');
  var myPoint = root.getAttribute('data-point');
  var status = root.querySelector('[data-live-status]');
  // Interface text in the page's language; `{name}`-style slots are filled in here.
  function t(key, slots) {
    var text = root.getAttribute('data-t-' + key) || '';
    Object.keys(slots || {}).forEach(function (slot) { text = text.split('{' + slot + '}').join(slots[slot]); });
    return text;
  }
  function stateName(state) { return t('state-' + state) || state; }
  // A count as the page writes it: 1.234 in Vietnamese, 1,234 in English.
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || 'vi') : null;
  function count(n) { return numbers ? numbers.format(n) : String(n); }

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  // Content as written (names, titles, speeches): read as Vietnamese.
  function vi(e) {
    e.setAttribute('lang', 'vi');
    return e;
  }
  function each(selector, fn) {
    var list = root.querySelectorAll(selector);
    for (var i = 0; i < list.length; i++) { fn(list[i]); }
  }
  // Vietnam time (UTC+7, no daylight saving): "08:35".
  function clock(ms) {
    var d = new Date(ms + 7 * 3600 * 1000);
    var h = d.getUTCHours(), m = d.getUTCMinutes();
    return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;
  }
  function topic(r) {
    if (r.provision_label && r.draft_title) { return r.provision_label + ' — ' + r.draft_title; }
    return r.draft_title || '';
  }
  function form(action, buttons) {
    var f = el('form');
    f.method = 'post';
    f.action = '/conferences/' + conference + action;
    f.className = 'inline';
    // [value, text] or [value, symbol, label, the point it names].
    buttons.forEach(function (b) {
      var button = el('button', b[2] ? undefined : b[1]);
      button.type = 'submit';
      button.name = 'action';
      button.value = b[0];
      if (b[2]) {
        var symbol = el('span', b[1]);
        symbol.setAttribute('aria-hidden', 'true');
        button.appendChild(symbol);
        var label = el('span', b[2] + ' ');
        label.className = 'visually-hidden';
        label.appendChild(vi(el('span', b[3])));
        button.appendChild(label);
      }
      f.appendChild(button);
      f.appendChild(document.createTextNode(' '));
    });
    return f;
  }

  function onQueue(data) {
    var floor = null, waiting = [];
    data.queue.forEach(function (r) { if (r.state === 'speaking') { floor = r; } else { waiting.push(r); } });
    var box = root.querySelector('[data-floor]');
    if (box) {
      box.textContent = '';
      var p = el('p');
      p.className = 'floor';
      if (floor) {
        var who = vi(el('span'));
        who.appendChild(el('strong', floor.speaker));
        var about = topic(floor);
        who.appendChild(document.createTextNode(' — ' + floor.point_name + (about ? ' · ' + about : '')));
        p.appendChild(who);
        p.appendChild(document.createTextNode(' · ' + t('since') + ' ' + clock(floor.granted_at || floor.requested_at)));
        box.appendChild(p);
        if (mode === 'chair') {
          box.appendChild(form('/requests/' + floor.id, [['finish', t('finish')]]));
        }
      } else {
        p.textContent = t('floor-empty');
        box.appendChild(p);
      }
    }
    var list = root.querySelector('[data-queue]');
    if (list) {
      list.textContent = '';
      waiting.forEach(function (r) {
        var li = el('li');
        li.setAttribute('data-request', r.id);
        var who = vi(el('span'));
        who.appendChild(el('strong', r.point_name));
        var about = topic(r);
        who.appendChild(document.createTextNode(' — ' + r.speaker + (about ? ' · ' + about : '')));
        li.appendChild(who);
        li.appendChild(document.createTextNode(' · ' + t('requested-at') + ' ' + clock(r.requested_at) + ' '));
        if (mode === 'chair') {
          li.appendChild(form('/requests/' + r.id, [
            ['grant', t('grant')],
            ['up', '↑', t('move-up'), r.point_name],
            ['down', '↓', t('move-down'), r.point_name],
            ['withdraw', t('cancel')]]));
        } else if (mode === 'point' && String(r.point_id) === myPoint) {
          li.appendChild(form('/requests/' + r.id, [['withdraw', t('withdraw')]]));
        }
        list.appendChild(li);
      });
    }
    each('[data-queue-count]', function (e) { e.textContent = count(waiting.length); });
    each('[data-queue-empty]', function (e) { e.hidden = waiting.length > 0; });
    // The point that has the floor records its speech against the request.
    var record = root.querySelector('form[action$="/opinions"]');
    if (record) {
      var hidden = record.querySelector('input[name="request_id"]');
      if (floor && String(floor.point_id) === myPoint) {
        if (!hidden) {
          hidden = el('input');
          hidden.type = 'hidden';
          hidden.name = 'request_id';
          record.insertBefore(hidden, record.firstChild);
        }
        hidden.value = floor.id;
        var speaker = record.querySelector('input[name="speaker"]');
        if (speaker && !speaker.value) { speaker.value = floor.speaker; }
      } else if (hidden) {
        hidden.parentNode.removeChild(hidden);
      }
    }
  }

  function onAttendance(data) {
    var point = data.point;
    if (point) {
      if (!root.querySelector('[data-point-row="' + point.id + '"]')) {
        var body = root.querySelector('[data-points]');
        if (body) {
          var tr = el('tr');
          tr.setAttribute('data-point-row', point.id);
          var nameCell = el('td', point.central ? t('central') + ' ' : '');
          nameCell.appendChild(vi(el('span', point.name)));
          tr.appendChild(nameCell);
          var expectedCell = el('td');
          expectedCell.setAttribute('data-point-expected', point.id);
          tr.appendChild(expectedCell);
          var presentCell = el('td');
          presentCell.setAttribute('data-point-present', point.id);
          tr.appendChild(presentCell);
          body.appendChild(tr);
        }
      }
      each('[data-point-expected="' + point.id + '"]', function (e) { e.textContent = count(point.expected); });
      each('[data-point-present="' + point.id + '"]', function (e) { e.textContent = count(point.present); });
    }
    each('[data-total-expected]', function (e) { e.textContent = count(data.expected); });
    each('[data-total-present]', function (e) { e.textContent = count(data.present); });
    if (data.delegate) {
      var row = root.querySelector('[data-delegate="' + data.delegate.id + '"]');
      if (row) {
        var isPresent = data.delegate.present;
        var stateText = row.querySelector('[data-delegate-state]');
        if (stateText) { stateText.textContent = isPresent ? t('present') : t('absent'); }
        var flag = row.querySelector('input[name="present"]');
        if (flag) { flag.value = isPresent ? '0' : '1'; }
        var button = row.querySelector('button');
        var name = row.querySelector('td') ? row.querySelector('td').textContent : '';
        if (button) {
          if (isPresent) {
            button.textContent = t('uncheck');
          } else {
            button.textContent = t('check-in') + ' ';
            button.appendChild(vi(el('span', name)));
          }
        }
      }
    }
  }

  // The agenda's titles, by draft id (opinion events name the draft by id).
  function draftTitle(id) {
    var span = root.querySelector('[data-draft="' + id + '"]');
    return span ? span.textContent : '';
  }

  function onOpinion(o) {
    var list = root.querySelector('[data-opinions]');
    if (!list) { return; }
    var li = vi(el('li'));
    var head = el('p');
    head.appendChild(el('strong', o.speaker));
    var title = draftTitle(o.draft_id);
    var about = o.provision_label ? o.provision_label + ' — ' + title : title;
    head.appendChild(document.createTextNode(' — ' + o.point_name + ' · ' + about + ' · ' + clock(o.recorded_at)));
    li.appendChild(head);
    var text = el('p', o.body);
    text.className = 'opinion-text';
    li.appendChild(text);
    list.insertBefore(li, list.firstChild);
    each('[data-opinion-count]', function (e) { e.textContent = count(list.children.length); });
  }

  function onState(data) {
    each('[data-state]', function (e) { e.textContent = stateName(data.state); });
    if (mode !== 'watch' && status) {
      status.textContent = t('status-state', { value: stateName(data.state) });
    }
  }

  var handlers = { queue: onQueue, attendance: onAttendance, opinion: onOpinion, state: onState };
  var source = new EventSource('/conferences/' + conference + '/events?after=' +
    encodeURIComponent(root.getAttribute('data-seq')));
  Object.keys(handlers).forEach(function (kind) {
    source.addEventListener(kind, function (e) {
      try {
        handlers[kind](JSON.parse(e.data));
        root.setAttribute('data-seq', e.lastEventId);
      } catch (err) {
        if (status) { status.textContent = t('status-failed'); }
      }
    });
  });
  source.onopen = function () {
    if (status) { status.textContent = t('status-live'); }
  };
  source.onerror = function () {
    if (status) { status.textContent = t('status-lost'); }
  };
})();
