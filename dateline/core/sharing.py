"""The networks a newsroom may offer readers to share a story on, as plain links.

A share link is an ordinary address at the network with the story's address and headline in its
query: nothing of the network's is loaded into our pages, no script runs and nobody is tracked
until the reader follows the link (sent with `rel="noreferrer"`). The newsroom picks the networks
in its settings (`NewsroomSettings.share_networks`); email and copying the address are always
offered.
"""

from dataclasses import dataclass
from urllib.parse import quote

# {url}, {title} and {text} (headline and address) are filled in, each percent-encoded.
EMAIL = "mailto:?subject={title}&body={text}"


@dataclass(frozen=True)
class Network:
    name: str  # the network's own name, the same in every language
    address: str


NETWORKS = {
    "telegram": Network("Telegram", "https://t.me/share/url?url={url}&text={title}"),
    "whatsapp": Network("WhatsApp", "https://wa.me/?text={text}"),
    "x": Network("X", "https://x.com/intent/post?url={url}&text={title}"),
    "facebook": Network("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "bluesky": Network("Bluesky", "https://bsky.app/intent/compose?text={text}"),
    "line": Network("LINE", "https://social-plugins.line.me/lineit/share?url={url}"),
    "reddit": Network("Reddit", "https://www.reddit.com/submit?url={url}&title={title}"),
    "linkedin": Network("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
}
NETWORK_CHOICES = [(code, network.name) for code, network in NETWORKS.items()]


def share_address(template: str, url: str, title: str) -> str:
    """Return a share address for the story at `url` with this headline."""
    return template.format(
        url=quote(url, safe=""),
        title=quote(title, safe=""),
        text=quote(f"{title} {url}", safe=""),
    )


def share_links(url: str, title: str, codes) -> list[tuple[str, str]]:
    """Return (network name, share address) for each chosen network, in the list's order."""
    chosen = set(codes or ())
    return [
        (network.name, share_address(network.address, url, title))
        for code, network in NETWORKS.items()
        if code in chosen
    ]
