"""Where the benchmarks find the full list snapshots: ``../shared/data/lists`` next to the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "data" / "lists"

#: member code -> (snapshot path under LISTS, commonlist source format)
CASES = {
    "UN": ("un_sc_consolidated/consolidated.xml", "un-xml"),
    "EU": ("eu_fsf/eu_fsf_entities.yaml.gz", "eu-fsf"),
    "UK": ("uk_sanctions_list/uk_sanctions_list.yaml.gz", "uk"),
    "US": ("us_ofac_sdn", "ofac-csv"),
    "RU": ("ru_rosfinmonitoring_terrorists/terrorists.csv", "ru-rfm"),
    "AE": ("ae_local_terrorist_list/LS1309232025.csv", "ae-ltl"),
}
