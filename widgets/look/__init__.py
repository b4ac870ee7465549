"""Look: the shared widgets every exercise is built from (cards, banners, buttons), navigation, friendly errors."""
