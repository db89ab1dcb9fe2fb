"""The reader's comment URLs, mounted under each language edition's prefix ("/comments/", "/ko/comments/")."""

from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("reply/<int:comment_id>/", views.reply_page, name="reply"),
]
