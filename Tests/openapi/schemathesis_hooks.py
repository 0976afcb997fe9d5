"""Schemathesis hooks for scripts/api-test (loaded through SCHEMATHESIS_HOOKS).

URLs a caller hands Tollgate (`image_url`, `audio_url`, `callback_url`, …) must resolve to a public address
(SSRF protection, SPEC §11), so a random host name is refused with a 422. Generated URLs therefore name a public
IP address literal, which needs no DNS: the request is accepted, and a fetch of it simply fails later.
"""

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.format(
    "uri",
    st.builds(
        "http://1.1.1.1/{}".format,
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", max_size=16),
    ),
)
