"""The inspector workspace's reads: search, a case's timeline and its state "as of" any
moment (rebuilt from the ledger alone), evidence bundles, and the record of every read.

An app of its own above the routing engine: it joins the ledger (audit, which imports nothing)
with cases (decisions) and their routes (workflows), and nothing below imports it. The pages
and the API are ``views`` and ``api``; the reads are one module each (``access``, ``search``,
``history``, ``replay``, ``records``, ``bundles``). docs/inspection.md describes what each
view shows.
"""
