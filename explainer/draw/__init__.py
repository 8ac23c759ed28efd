"""Pictures drawn at build time as inline SVG: a timeline and relationship maps.

Every function here is pure: plain data in, an SVG string out, the same
string for the same data. Colours are not written into the SVG; its elements
carry classes that `static/style.css` colours with the site's CSS variables,
so the pictures follow the light, dark and print themes.
"""
