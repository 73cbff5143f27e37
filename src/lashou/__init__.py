"""lashou (拉手互助): a mutual-aid plan for critical illness whose rules and money live on chain."""

__version__ = "0.1.0"
