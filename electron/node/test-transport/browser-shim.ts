/**
 * The browser side of the test transport: a classic script the transport injects before the
 * renderer's own, defining `window.gatehouse` with the same shape the preload gives in the app,
 * over fetch. The bearer token arrives in the page URL's fragment (`#gatehouse-token=…`, never
 * sent to a server), is kept in sessionStorage and sent as an Authorization header.
 * Events come over a fetch-read text/event-stream (EventSource cannot send the header).
 */
import { CONTRACT_NAMES } from '../../../shared/api/names.js';

export function browserShim(): string {
  return `/* Gatehouse test transport shim: never part of the packaged app. */
(function () {
  'use strict';
  var NAMES = ${JSON.stringify(CONTRACT_NAMES)};
  var fragment = new URLSearchParams(location.hash.slice(1));
  var token = fragment.get('gatehouse-token');
  var client = fragment.get('gatehouse-client');
  if (token) {
    sessionStorage.setItem('gatehouse-token', token);
    if (client) sessionStorage.setItem('gatehouse-client', client);
    fragment.delete('gatehouse-token');
    fragment.delete('gatehouse-client');
    var rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }
  token = sessionStorage.getItem('gatehouse-token') || '';
  client = sessionStorage.getItem('gatehouse-client') || 'default';
  var headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json', 'x-gatehouse-client': client };

  function invoke(name, input) {
    if (NAMES.indexOf(name) === -1) {
      return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: String(name) + ' is not a Gatehouse call' } });
    }
    return fetch('./api/' + name, { method: 'POST', headers: headers, body: JSON.stringify(input === undefined ? {} : input) })
      .then(function (response) { return response.json(); })
      .catch(function (error) { return { ok: false, error: { code: 'internal', message: 'the test transport did not answer: ' + error } }; });
  }

  var listeners = [];
  var streaming = false;
  function deliver(text) {
    var event;
    try { event = JSON.parse(text); } catch (e) { return; }
    listeners.slice().forEach(function (listener) { try { listener(event); } catch (e) { setTimeout(function () { throw e; }); } });
  }
  function stream() {
    if (streaming || listeners.length === 0) return;
    streaming = true;
    fetch('./api/events', { headers: headers }).then(function (response) {
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('closed');
          buffer += decoder.decode(chunk.value, { stream: true });
          var end;
          while ((end = buffer.indexOf('\\n\\n')) !== -1) {
            var block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            var data = block.split('\\n').filter(function (line) { return line.indexOf('data: ') === 0; }).map(function (line) { return line.slice(6); }).join('\\n');
            if (data) deliver(data);
          }
          if (listeners.length === 0) { reader.cancel(); throw new Error('unsubscribed'); }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      streaming = false;
      if (listeners.length > 0) setTimeout(stream, 500);
    });
  }
  function onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('gatehouse.onEvent takes a function');
    listeners.push(listener);
    stream();
    return function () { listeners = listeners.filter(function (l) { return l !== listener; }); };
  }

  var api = { invoke: invoke, onEvent: onEvent, transport: 'http' };
  NAMES.forEach(function (name) {
    var dot = name.indexOf('.');
    var area = name.slice(0, dot);
    var verb = name.slice(dot + 1);
    api[area] = api[area] || {};
    api[area][verb] = function (input) { return invoke(name, input); };
  });
  Object.keys(api).forEach(function (key) { if (typeof api[key] === 'object') Object.freeze(api[key]); });
  Object.defineProperty(window, 'gatehouse', { value: Object.freeze(api), enumerable: true });
})();
`;
}
