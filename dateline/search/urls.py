"""The search page, one per language edition ("/search/", "/ko/search/")."""

from django.urls import path

from . import views

urlpatterns = [path("search/", views.search, name="search")]
