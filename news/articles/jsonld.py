"""schema.org NewsArticle for the article page."""

from portal.structured_data import local_iso, publisher


def article_jsonld(article, meta: dict) -> dict:
    agency = publisher()
    author = (
        {"@type": "Person", "name": article.byline}
        if article.byline
        else {"@type": "Organization", "name": agency["name"]}
    )
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": meta["description"],
        "datePublished": local_iso(article.publish_at or article.created),
        "dateModified": local_iso(article.updated),
        "mainEntityOfPage": meta["canonical"],
        "url": meta["canonical"],
        "inLanguage": "vi",
        "articleSection": article.category.name,
        "image": [meta["image"]],
        "author": [author],
        "publisher": agency,
    }
