"""Where the demo partners are and where their offers reach: communes by INSEE code, and coverage shortcuts."""

from demo.territories import ESSONNE, GRAND_REIMS_EPCI

REIMS, TINQUEUX = "51454", "51573"
EVRY, MASSY, CORBEIL, PALAISEAU, CHILLY, RIS = "91228", "91377", "91174", "91477", "91161", "91521"
PARIS = "75056"

# Coverage shortcuts: where the youth must live for the offer to be shown.
IN_GRAND_REIMS = {"territories": ["grand-reims"]}
IN_GRAND_REIMS_EPCI = {"epcis": [GRAND_REIMS_EPCI]}
IN_ESSONNE = {"territories": ["essonne"]}
IN_ESSONNE_DEPARTMENT = {"departments": [ESSONNE]}
NATIONAL = {"is_national": True}
