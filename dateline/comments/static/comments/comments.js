/* Comment form enhancements. Without JavaScript everything still works: the reply links lead to a
   reply page, and the form simply starts empty. Nothing here talks to a server. */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form) return;

  // Fill the form from the "save my name" cookie, which the server sets only when the reader ticks
  // the box. Doing it here keeps the page itself identical for every reader (and cacheable).
  var match = document.cookie.match(/(?:^|;\s*)dateline_commenter=([^;]*)/);
  if (match) {
    try {
      var saved = JSON.parse(decodeURIComponent(match[1]));
      [["id_name", saved.name], ["id_email", saved.email], ["id_url", saved.url]].forEach(function (pair) {
        var field = document.getElementById(pair[0]);
        if (field && !field.value && typeof pair[1] === "string") field.value = pair[1];
      });
      var remember = document.getElementById("id_remember");
      if (remember) remember.checked = true;
    } catch (error) { /* a damaged cookie is ignored; the reader types their details */ }
  }

  // Reply in place: move the one form under the comment being answered, as WordPress does.
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);
  var title = document.getElementById("reply-title-text");
  var cancel = document.getElementById("cancel-comment-reply");
  var parentField = document.getElementById("id_parent");

  function replyTo(link) {
    var comment = document.getElementById("comment-" + link.getAttribute("data-comment"));
    comment.querySelector(".comment__body").appendChild(respond);
    parentField.value = link.getAttribute("data-comment");
    title.textContent = respond.getAttribute("data-reply-title")
      .replace("%(name)s", link.getAttribute("data-author"));
    cancel.hidden = false;
    document.getElementById("id_comment").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".comment-reply-link");
    if (link && link.hasAttribute("data-comment")) {
      event.preventDefault();
      replyTo(link);
    } else if (event.target === cancel) {
      event.preventDefault();
      home.parentNode.insertBefore(respond, home);
      parentField.value = "";
      title.textContent = respond.getAttribute("data-comment-title");
      cancel.hidden = true;
    }
  });
})();
