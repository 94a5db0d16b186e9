// Stand-ins for the scripts old portals carry (jQuery-era globals, prototype patches,
// analytics-free "visitor counters"). The widget must keep working next to them.
var $ = function (s) { return document.querySelectorAll(s); };
var PORTAL = { version: "2009.3", counter: 0 };
Array.prototype.portalEach = function (f) { for (var i = 0; i < this.length; i++) f(this[i], i); };
String.prototype.trimAll = function () { return this.replace(/\s+/g, ""); };
document.addEventListener("click", function () { PORTAL.counter++; }, true);
