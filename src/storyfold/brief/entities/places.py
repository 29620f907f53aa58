"""Countries and capital cities, by name: places whatever the NER says.

spaCy's small model types a name it has rarely seen from its letters, and news copy is full
of capitals it calls a person ("the outbreak of a conflict between Kyiv's forces and
Russian-backed separatists": Kyiv a person). A reader who sees a capital listed among the
people stops trusting the list, and a person-typed place can be taken for a speaker. The
names of the world's countries and capitals are common knowledge and change rarely, so a
table settles them. Names that are also common first names or surnames in English copy
(Jordan, Chad, Georgia, Victoria, Santiago, Lima) are left out: there the NER and the words
around the mention decide, as for any other name.
"""

from __future__ import annotations

# One name per line, as written in English news copy, with the usual other spellings.
_COUNTRIES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia
Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan
Bolivia|Bosnia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi
Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chile|China|Colombia|Comoros
Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica
Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia
Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Germany|Ghana|Greece|Grenada|Guatemala
Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq
Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait
Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg
Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Micronesia
Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal
Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman
Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal
Qatar|Romania|Rwanda|Saint Lucia|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles
Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Korea
South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan
Tanzania|Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkiye|Turkmenistan|Tuvalu
Uganda|Ukraine|United Arab Emirates|UAE|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela
Vietnam|Yemen|Zambia|Zimbabwe|England|Scotland|Wales|Northern Ireland|Crimea|Gaza
West Bank|Gaza Strip|Hong Kong|Greenland|Puerto Rico|Kashmir|Tibet|Chechnya|Donbas
"""
_CAPITALS = """
Kabul|Tirana|Algiers|Luanda|Buenos Aires|Yerevan|Canberra|Vienna|Baku|Nassau|Manama|Dhaka
Minsk|Brussels|Porto-Novo|Thimphu|Sarajevo|Gaborone|Brasilia|Sofia|Ouagadougou|Bujumbura
Phnom Penh|Yaounde|Ottawa|Bangui|N'Djamena|Beijing|Bogota|Kinshasa|Brazzaville|San Jose
Zagreb|Havana|Nicosia|Prague|Copenhagen|Quito|Cairo|San Salvador|Asmara|Tallinn|Addis Ababa
Helsinki|Libreville|Banjul|Tbilisi|Berlin|Accra|Athens|Guatemala City|Conakry|Port-au-Prince
Tegucigalpa|Budapest|Reykjavik|New Delhi|Jakarta|Tehran|Baghdad|Dublin|Jerusalem|Tel Aviv
Rome|Kingston|Tokyo|Amman|Astana|Nairobi|Pristina|Kuwait City|Bishkek|Vientiane|Riga
Beirut|Maseru|Monrovia|Tripoli|Vilnius|Antananarivo|Lilongwe|Kuala Lumpur|Bamako|Valletta
Nouakchott|Mexico City|Chisinau|Ulaanbaatar|Podgorica|Rabat|Maputo|Naypyidaw|Yangon
Windhoek|Kathmandu|Amsterdam|The Hague|Wellington|Managua|Niamey|Abuja|Pyongyang|Skopje
Oslo|Muscat|Islamabad|Panama City|Port Moresby|Asuncion|Manila|Warsaw|Lisbon|Doha
Bucharest|Moscow|Kigali|Riyadh|Dakar|Belgrade|Freetown|Bratislava|Ljubljana|Mogadishu
Pretoria|Johannesburg|Seoul|Juba|Madrid|Colombo|Khartoum|Stockholm|Bern|Geneva|Damascus
Taipei|Dushanbe|Dodoma|Dar es Salaam|Bangkok|Lome|Tunis|Ankara|Istanbul|Ashgabat|Kampala
Kyiv|Kiev|Abu Dhabi|Dubai|London|Washington|Montevideo|Tashkent|Caracas|Hanoi|Sanaa
Lusaka|Harare|Paris|Edinburgh|Cardiff|Belfast|Hong Kong|Ramallah|Kharkiv|Odesa|Odessa
Aleppo|Homs|Latakia|Raqqa|Mosul|Basra|Benghazi|Sochi|St. Petersburg|Sevastopol|Donetsk
Luhansk|Mariupol|Shanghai|Mumbai|Karachi|Lahore|Kandahar|Herat|Gaza City|Khan Younis|Rafah
"""


def _names(block: str) -> frozenset[str]:
    names = (name.strip() for line in block.split("\n") for name in line.split("|"))
    return frozenset(name for name in names if name)


PLACE_NAMES: frozenset[str] = _names(_COUNTRIES) | _names(_CAPITALS)
