"""The enterprise's carbon accounts (科学算碳, decisions §73): the inventory's arithmetic
(``inventory``), numbered units claimed once on the platform (``units``) and the status rule
(``status``)."""
