"""Reference geography: the places of the United Kingdom and how to find them, one layer beneath
the loaders, extraction, queries, viz and exports, which all read it. It imports nothing from
them (``tests/test_geography_layer.py`` checks this).

- :mod:`.places`: the bundled places with deprivation (derived from the published tables),
  councils' deprivation from their small areas, the nations;
- :mod:`.postcodes`: each GB postcode's council and grid reference;
- :mod:`.small_areas`: each GB postcode's small area and 2013 ward;
- :mod:`.everyday_names`: the names people use for councils;
- :mod:`.gazetteer`: the places a report may name;
- :mod:`.lookup`: the place a person names, in a graph (:func:`~.lookup.find_place`).

The data lives in ``assetgraph/data/places/``, with its licences and attribution.
"""
