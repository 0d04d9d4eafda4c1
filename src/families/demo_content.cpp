// The texts of the demo families: common first and family names of the backgrounds Fjordvik's
// families have (Norwegian, Somali, Arabic, Polish, Ukrainian, Tigrinya), fictional schools and
// streets, and the goals, measures and log entries a coordinator would write. Combining them at
// random makes people who do not exist. No real person, address or number appears here.
#include "families/demo.hpp"

namespace kp::families::demo_tables {
namespace {

constexpr const char* kNorwegianFemale[] = {"Ingrid", "Kari", "Silje", "Marte",  "Hanne", "Camilla", "Tone",
                                            "Lene",   "Nora", "Emma",  "Ella",   "Sofie", "Maja",    "Olivia",
                                            "Ida",    "Thea", "Frida", "Astrid", "Live",  "Vilde"};
constexpr const char* kNorwegianMale[] = {"Lars",   "Jonas",  "Thomas", "Eirik",  "Andreas", "Kristian", "Morten",
                                          "Jakob",  "Filip",  "Noah",   "Emil",   "Oskar",   "Aksel",    "Ludvig",
                                          "Sander", "Henrik", "Magnus", "Tobias", "Even",    "Sindre"};
constexpr const char* kNorwegianFamily[] = {"Berg",     "Hansen",    "Johansen",    "Olsen",  "Larsen",  "Andersen",
                                            "Pedersen", "Nilsen",    "Kristiansen", "Jensen", "Karlsen", "Haugen",
                                            "Solberg",  "Dahl",      "Lunde",       "Strand", "Moen",    "Bakken",
                                            "Eriksen",  "Halvorsen", "Aas",         "Myhre",  "Tveit",   "Fjeld"};

constexpr const char* kSomaliFemale[] = {"Amina", "Hodan", "Faadumo", "Ayaan", "Sahra", "Nasra",
                                         "Ifrah", "Hibo",  "Deeqa",   "Ubah",  "Idil",  "Naima"};
constexpr const char* kSomaliMale[] = {"Hamza", "Abdirahman", "Mohamed", "Yusuf",  "Khadar",   "Abdullahi",
                                       "Liban", "Mukhtar",    "Ilyas",   "Bashir", "Sakariye", "Hassan"};
constexpr const char* kSomaliFamily[] = {"Warsame", "Abdi", "Farah", "Jama", "Mohamud", "Osman",
                                         "Nur",     "Egal", "Dahir", "Aden", "Guled",   "Samatar"};

constexpr const char* kArabicFemale[] = {"Rania", "Layla", "Yara",  "Nour",   "Hiba", "Lina",
                                         "Reem",  "Dana",  "Salma", "Maryam", "Jana", "Aya"};
constexpr const char* kArabicMale[] = {"Omar",  "Ahmad", "Khaled", "Sami", "Karim", "Tarek",
                                       "Yazan", "Adam",  "Bilal",  "Majd", "Ziad",  "Hadi"};
constexpr const char* kArabicFamily[] = {"Al-Khatib", "Haddad", "Nasser", "Darwish", "Al-Hussein", "Saleh",
                                         "Mansour",   "Khalil", "Hamdan", "Qasim",   "Issa",       "Zaher"};

constexpr const char* kPolishFemale[] = {"Agnieszka", "Katarzyna", "Marta",   "Zofia", "Oliwia",
                                         "Wiktoria",  "Ewa",       "Natalia", "Julia", "Hanna"};
constexpr const char* kPolishMale[] = {"Tomasz", "Piotr",  "Jakub", "Kacper", "Marek",
                                       "Pawel",  "Szymon", "Filip", "Antoni", "Bartosz"};
// Family names that are the same for women and men.
constexpr const char* kPolishFamily[] = {"Nowak", "Wójcik",    "Mazur",  "Krawczyk",
                                         "Dudek", "Kaczmarek", "Pawlak", "Michalak"};

constexpr const char* kUkrainianFemale[] = {"Olena",     "Iryna",  "Oksana",   "Sofiia", "Anastasiia",
                                            "Viktoriia", "Daryna", "Kateryna", "Yuliia", "Mariia"};
constexpr const char* kUkrainianMale[] = {"Andrii", "Dmytro", "Maksym", "Bohdan",   "Taras",
                                          "Oleh",   "Artem",  "Mykola", "Yaroslav", "Ivan"};
constexpr const char* kUkrainianFamily[] = {"Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko",
                                            "Melnyk",    "Boiko",      "Savchuk",    "Lysenko"};

constexpr const char* kTigrinyaFemale[] = {"Semhar", "Helen", "Senait", "Luwam", "Winta",
                                           "Saba",   "Rahel", "Selam",  "Feven", "Yodit"};
constexpr const char* kTigrinyaMale[] = {"Yonas", "Dawit",   "Merhawi", "Filmon", "Eyob",
                                         "Robel", "Natnael", "Samuel",  "Kibrom", "Abel"};
constexpr const char* kTigrinyaFamily[] = {"Tesfay",  "Ghebremedhin", "Haile", "Kidane",
                                           "Berhane", "Tekle",        "Habte", "Mebrahtu"};

constexpr Background kNorwegian{"norwegian", "nb", 0, 0, kNorwegianFemale, kNorwegianMale, kNorwegianFamily};
constexpr Background kSomali{"somali", "so", 50, 10, kSomaliFemale, kSomaliMale, kSomaliFamily};
constexpr Background kArabic{"arabic", "ar", 40, 20, kArabicFemale, kArabicMale, kArabicFamily};
constexpr Background kPolish{"polish", "pl", 20, 10, kPolishFemale, kPolishMale, kPolishFamily};
constexpr Background kUkrainian{"ukrainian", "uk", 50, 60, kUkrainianFemale, kUkrainianMale, kUkrainianFamily};
constexpr Background kTigrinya{"tigrinya", "ti", 60, 30, kTigrinyaFemale, kTigrinyaMale, kTigrinyaFamily};

constexpr WeightedBackground kBackgrounds[] = {
    {50, &kNorwegian}, {12, &kSomali}, {12, &kArabic}, {9, &kPolish}, {9, &kUkrainian}, {8, &kTigrinya},
};

constexpr GoalText kGoals[] = {
    {"housing", "", "Vi vil bo i samme leilighet lenge nok til at barna slipper å bytte skole igjen."},
    {"housing", "", "Vi trenger en bolig med plass til at barna kan gjøre lekser i ro."},
    {"housing", "", "Vi vil slippe å flytte hvert år."},
    {"economy", "", "Vi vil ha oversikt over regningene og slippe purringer."},
    {"economy", "", "Vi vil ha råd til at barna kan være med på det vennene gjør."},
    {"economy", "", "Vi vil bli ferdige med gjelden til inkasso innen to år."},
    {"work", "", "Mamma vil bli ferdig med norskkurset og få seg en jobb."},
    {"work", "", "Pappa vil ha fast jobb i stedet for ekstravakter."},
    {"work", "", "Jeg vil ta fagbrev som helsefagarbeider."},
    {"health", "", "Vi vil sove bedre og ha mer overskudd i hverdagen."},
    {"health", "", "Sønnen vår skal få hjelp med astmaen og slippe å være borte fra skolen."},
    {"health", "", "Jeg vil få hjelp til å takle det jeg opplevde før vi kom hit."},
    {"participation", "", "Barna skal ha minst én fritidsaktivitet hver som de liker."},
    {"participation", "", "Datteren vår vil ha venner å være sammen med etter skolen."},
    {"participation", "", "Vi vil bli kjent med andre familier i nabolaget."},
    {"school", "", "Barna skal gå på skolen hver dag og trives der."},
    {"school", "", "Sønnen vår skal få hjelp med lesingen."},
    {"school", "", "Vi vil forstå hva skolen venter av oss som foreldre."},
    {"own", "Språk", "Vi vil snakke mer norsk hjemme sammen med barna."},
    {"own", "Familietid", "Vi vil spise middag sammen minst fire dager i uka."},
    {"own", "Førerkort", "Pappa vil ta førerkort så han kan ta jobber utenfor sentrum."},
};

constexpr MeasureText kMeasures[] = {
    {"housing", "Søke om kommunal bolig", "Boligkontoret", ""},
    {"housing", "Søke om bostøtte", "NAV", "nav"},
    {"housing", "Møte med utleier om lengre leiekontrakt", "Koordinator", ""},
    {"housing", "Undersøke ordningen leie til eie", "Boligkontoret", ""},
    {"economy", "Time hos økonomi- og gjeldsrådgiver", "NAV", "nav"},
    {"economy", "Lage et månedsbudsjett sammen", "Koordinator", ""},
    {"economy", "Søke om støtte til fritidsaktiviteter", "NAV", "nav"},
    {"economy", "Søke om friplass i kulturskolen", "Kulturskolen", "culture"},
    {"work", "Norskkurs på nivå B1 ved voksenopplæringen", "Voksenopplæringen", ""},
    {"work", "Arbeidspraksis gjennom NAV", "NAV", "nav"},
    {"work", "Få godkjent utdanning fra hjemlandet", "Koordinator", ""},
    {"work", "Jobbsøkerkurs", "NAV", "nav"},
    {"health", "Time hos fastlegen", "Familien", ""},
    {"health", "Samtale med helsesykepleier", "Helsestasjonen", "health"},
    {"health", "Henvisning til psykisk helsetjeneste", "Fastlegen", "health"},
    {"health", "Foreldrekurs om trygg tilknytning", "Helsestasjonen", "health"},
    {"participation", "Prøve en fritidsaktivitet sammen med en venn", "Koordinator", ""},
    {"participation", "Bli med på familiekafé", "Frivilligsentralen", "voluntary"},
    {"participation", "Finne en aktivitet i ferien", "Koordinator", ""},
    {"school", "Møte med kontaktlæreren", "Skolen", "school"},
    {"school", "Leksehjelp to dager i uka", "Skolen", "school"},
    {"school", "Utredning hos PPT", "PPT", "ppt"},
    {"school", "Tolk på foreldremøter", "Skolen", "school"},
    {"own", "Norsk språkkafé på biblioteket én kveld i uka", "Familien", ""},
    {"own", "Lage en ukeplan sammen", "Familien", ""},
    {"own", "Søke om støtte til førerkort", "NAV", "nav"},
};

constexpr LogText kLogTexts[] = {
    {"call", "Ringte for å avtale neste møte."},
    {"call", "Samtale om søknaden om bostøtte. Familien sender den denne uka."},
    {"call", "Ringte skolen etter avtale med familien om fraværet."},
    {"call", "Familien ringte: trenger hjelp med et brev fra NAV."},
    {"call", "Kort samtale med tolk. Alt går bra, ingen nye behov."},
    {"home_visit", "Hjemmebesøk. Snakket om boligen og hvordan det går med leksene."},
    {"home_visit", "Hjemmebesøk med tolk. Familien er fornøyd med den nye aktiviteten til barna."},
    {"home_visit", "Hjemmebesøk. Gikk gjennom budsjettet sammen."},
    {"meeting", "Samarbeidsmøte med skolen. Avtalt oppfølging av lesingen."},
    {"meeting", "Møte på NAV om arbeidspraksis."},
    {"meeting", "Møte med helsestasjonen og familien."},
    {"note", "Familien har fått svar på søknaden om kommunal bolig: venteliste."},
    {"note", "Sendt påminnelse om å fornye samtykket."},
    {"note", "Barnet har begynt på fotballtrening og trives."},
    {"note", "Familien har fått plass på norskkurs fra neste måned."},
    {"note", "Skolen melder at fraværet har gått ned."},
};

constexpr ReferralText kReferralTexts[] = {
    {"concern", "health", "Helsesykepleier er bekymret: familien bor trangt og har lite penger til mat."},
    {"concern", "school", "Skolen er bekymret for høyt fravær og at eleven ofte er sliten."},
    {"concern", "kindergarten", "Barnehagen er bekymret for språkutviklingen og at familien er mye alene."},
    {"referral", "nav", "NAV henviser familien: lav inntekt over lang tid og ønske om arbeid."},
    {"referral", "health", "Helsestasjonen henviser familien etter samtale om bolig og økonomi."},
    {"self", "", "Familien ba selv om hjelp med bolig, økonomi og aktiviteter for barna."},
    {"referral", "child_welfare", "Barnevernet avslutter sin sak og ønsker at huset følger familien videre."},
};

constexpr const char* kKindergartens[] = {"Solsikken barnehage", "Nordvika barnehage", "Holmen barnehage",
                                          "Bråtestad barnehage"};
constexpr const char* kPrimarySchools[] = {"Nordvika skole", "Holmen skole", "Solberglia skole", "Sentrum skole"};
constexpr const char* kLowerSecondary[] = {"Fjordvik ungdomsskole", "Bråtestad ungdomsskole"};
constexpr const char* kUpperSecondary[] = {"Fjordvik videregående skole"};
constexpr const char* kStreets[] = {"Fjordveien", "Solbergliveien", "Holmeveien",  "Nordvikveien", "Bråtestadveien",
                                    "Østre gate", "Bakkegata",      "Granliveien", "Måkeveien",    "Tollbodgata"};
constexpr const char* kMinutes[] = {
    "Familien fortalte hvordan det har gått siden sist. Vi gikk gjennom målene i planen ett for ett.",
    "Vi snakket om boligen og om økonomien. Barna var med den første halvtimen og fortalte om skolen.",
    "Skolen og helsestasjonen deltok. Alle er enige om at det går bedre, men at leksene fortsatt er vanskelige.",
    "Kort møte. Familien har mye å gjøre nå og ønsket å utsette to av tiltakene.",
};
constexpr const char* kCloseReasons[] = {
    "Målene er nådd, og familien klarer seg godt selv.",
    "Familien har flyttet til en annen kommune.",
};

}  // namespace

std::span<const WeightedBackground> backgrounds() { return kBackgrounds; }
std::span<const GoalText> goals() { return kGoals; }
std::span<const MeasureText> measures() { return kMeasures; }
std::span<const LogText> log_texts() { return kLogTexts; }
std::span<const ReferralText> referral_texts() { return kReferralTexts; }
std::span<const char* const> kindergartens() { return kKindergartens; }
std::span<const char* const> primary_schools() { return kPrimarySchools; }
std::span<const char* const> lower_secondary_schools() { return kLowerSecondary; }
std::span<const char* const> upper_secondary_schools() { return kUpperSecondary; }
std::span<const char* const> streets() { return kStreets; }
std::span<const char* const> meeting_minutes() { return kMinutes; }
std::span<const char* const> close_reasons() { return kCloseReasons; }

}  // namespace kp::families::demo_tables
