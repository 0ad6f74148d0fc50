from django.urls import path

from articles import cache, feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<str:slug>/", views.article_detail, name="article_detail"),
    path("sections/<str:slug>/", views.section_detail, name="section_detail"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("authors/<str:slug>/", views.author_detail, name="author_detail"),
    path("search/", views.search, name="search"),
    path("preview/<str:token>/", views.article_preview, name="article_preview"),
    path("feeds/latest/rss/", cache.public_page(feeds.LatestRssFeed()), name="feed_latest_rss"),
    path("feeds/latest/atom/", cache.public_page(feeds.LatestAtomFeed()), name="feed_latest_atom"),
    path("feeds/sections/<str:slug>/rss/", cache.public_page(feeds.SectionRssFeed()), name="feed_section_rss"),
    path("feeds/sections/<str:slug>/atom/", cache.public_page(feeds.SectionAtomFeed()), name="feed_section_atom"),
    path("feeds/tags/<str:slug>/rss/", cache.public_page(feeds.TagRssFeed()), name="feed_tag_rss"),
    path("feeds/tags/<str:slug>/atom/", cache.public_page(feeds.TagAtomFeed()), name="feed_tag_atom"),
    path("feeds/authors/<str:slug>/rss/", cache.public_page(feeds.AuthorRssFeed()), name="feed_author_rss"),
    path("feeds/authors/<str:slug>/atom/", cache.public_page(feeds.AuthorAtomFeed()), name="feed_author_atom"),
]
