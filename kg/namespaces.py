"""Every namespace and ontology term dipkg uses, declared once.

``DK`` is a closed namespace: ``DK.Recognitoin`` (a typo) raises ``AttributeError``
instead of silently minting a new property. ``tests/test_namespaces.py`` holds this
module and ``ontology/*.ttl`` to the same set of terms.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

from kg.prefixes import GRAPH_BASE, ID_BASE, ONTOLOGY_IRI, PREFIXES

__all__ = [
    "DC",
    "DCTERMS",
    "DK",
    "FOAF",
    "GRAPH_BASE",
    "ID_BASE",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "TIME",
    "WD",
    "XSD",
]

ORG = Namespace(PREFIXES["org"])
TIME = Namespace(PREFIXES["time"])
DC = Namespace(PREFIXES["dc"])
SH = Namespace(PREFIXES["sh"])
WD = Namespace(PREFIXES["wd"])
QB = Namespace(PREFIXES["qb"])


class DK(DefinedNamespace):
    """The dipkg ontology, ``https://w3id.org/dipkg/ontology#``."""

    _NS = Namespace(PREFIXES["dk"])
    _fail = True

    # Classes
    Polity: URIRef
    State: URIRef
    StateWithLimitedRecognition: URIRef
    RecognisingState: URIRef
    EUMemberState: URIRef
    RecognisingEUMember: URIRef
    ContestedRecognition: URIRef
    DisputedWithdrawalClaim: URIRef
    DisputedRecognitionClaim: URIRef
    SovereignEntity: URIRef
    InternationalOrganisation: URIRef
    Region: URIRef
    Recognition: URIRef
    Claim: URIRef
    RecognitionClaim: URIRef
    WithdrawalClaim: URIRef
    RecognitionStanding: URIRef
    RecognitionTally: URIRef
    Reach: URIRef
    Source: URIRef
    Membership: URIRef
    MembershipApplication: URIRef
    Office: URIRef
    OfficeTerm: URIRef
    ApplicationStep: URIRef
    RelationsEvent: URIRef
    DiplomaticMission: URIRef
    Campaign: URIRef
    Platform: URIRef
    Account: URIRef
    FollowerObservation: URIRef
    IndicatorObservation: URIRef
    ExternalActor: URIRef
    Instrument: URIRef
    Incident: URIRef
    FollowerStructure: URIRef
    IndicatorStructure: URIRef

    # Object properties
    recogniser: URIRef
    recognised: URIRef
    recognises: URIRef
    recognizer: URIRef  # deprecated (0.4.0): dk:recogniser
    recognized: URIRef  # deprecated (0.4.0): dk:recognised
    aboutRecognition: URIRef
    contestedBy: URIRef
    standingOf: URIRef
    viewpoint: URIRef
    heldBy: URIRef
    tallyOf: URIRef
    tallies: URIRef
    reachOf: URIRef
    sentTo: URIRef
    inOrganisation: URIRef
    claimedBy: URIRef
    disputedBy: URIRef
    confirmedBy: URIRef
    claimSource: URIRef
    disputeSource: URIRef
    confirmSource: URIRef
    omittedBy: URIRef
    omissionSource: URIRef
    datePrecision: URIRef
    unStatus: URIRef
    region: URIRef
    subRegion: URIRef
    wikidata: URIRef
    endDatePrecision: URIRef
    organisationKind: URIRef
    applicant: URIRef
    appliedTo: URIRef
    outcome: URIRef
    stepOf: URIRef
    stepType: URIRef
    party: URIRef
    counterpart: URIRef
    relationsEventType: URIRef
    sendingState: URIRef
    hostState: URIRef
    hostOrganisation: URIRef
    missionType: URIRef
    accreditedTo: URIRef
    brandedState: URIRef
    theme: URIRef
    audience: URIRef
    usesPlatform: URIRef
    handleProperty: URIRef
    onPlatform: URIRef
    holderType: URIRef
    holderState: URIRef
    heldByMission: URIRef
    heldByPerson: URIRef
    heldByOffice: URIRef
    office: URIRef
    ofCampaign: URIRef
    ofInstrument: URIRef
    account: URIRef
    refArea: URIRef
    indicator: URIRef
    unit: URIRef
    instrumentOf: URIRef
    instrumentKind: URIRef
    basedIn: URIRef
    serves: URIRef
    incidentKind: URIRef
    targetState: URIRef
    attributedTo: URIRef
    attributedBy: URIRef
    ledTo: URIRef

    # Datatype properties
    isoAlpha2: URIRef
    isoAlpha3: URIRef
    m49Code: URIRef
    unAdmissionDate: URIRef
    startDate: URIRef
    endDate: URIRef
    claimDate: URIRef
    countsFrom: URIRef
    heldFrom: URIRef
    heldUntil: URIRef
    reachFrom: URIRef
    ordinal: URIRef
    independenceDate: URIRef
    form: URIRef
    url: URIRef
    accessed: URIRef
    city: URIRef
    actingBody: URIRef
    votesFor: URIRef
    votesAgainst: URIRef
    abstentions: URIRef
    organiserName: URIRef
    holderName: URIRef
    refDate: URIRef
    refYear: URIRef
    seriesCode: URIRef
    setBeside: URIRef
    followers: URIRef
    value: URIRef
    targetDescription: URIRef
    attributedActorName: URIRef
    consequence: URIRef
    importedFrom: URIRef
    holderItem: URIRef
    previousCount: URIRef
    latestCount: URIRef
    monthEndCount: URIRef
    monthEnd: URIRef

    # SKOS schemes and concepts (ontology/vocab/*.ttl)
    DatePrecisionScheme: URIRef
    DayPrecision: URIRef
    MonthPrecision: URIRef
    YearPrecision: URIRef
    UNStatusScheme: URIRef
    UNMember: URIRef
    UNObserverState: URIRef
    UNObserverEntity: URIRef
    UNNonMember: URIRef
    OrganisationKindScheme: URIRef
    UniversalOrganisation: URIRef
    RegionalOrganisation: URIRef
    CrossRegionalOrganisation: URIRef
    FinancialOrganisation: URIRef
    SecurityOrganisation: URIRef
    TradeOrganisation: URIRef
    SportingOrganisation: URIRef
    Forum: URIRef
    AdvisoryBody: URIRef
    MembershipRoleScheme: URIRef
    MemberRole: URIRef
    AssociateMemberRole: URIRef
    ObserverRole: URIRef
    PartnerRole: URIRef
    PermanentMemberRole: URIRef
    UnmikRepresentationRole: URIRef
    FootnoteDesignationRole: URIRef
    ElectedMemberRole: URIRef
    ApplicationOutcomeScheme: URIRef
    PendingOutcome: URIRef
    AdmittedOutcome: URIRef
    RejectedOutcome: URIRef
    WithdrawnOutcome: URIRef
    FrozenOutcome: URIRef
    ApplicationStepScheme: URIRef
    CommissionOpinionStep: URIRef
    CandidateStatusStep: URIRef
    NegotiationsOpenedStep: URIRef
    IntergovernmentalConferenceStep: URIRef
    ClusterOpenedStep: URIRef
    ClusterClosedStep: URIRef
    ChapterOpenedStep: URIRef
    ChapterClosedStep: URIRef
    VoteStep: URIRef
    PostponedStep: URIRef
    RecommendationStep: URIRef
    WithdrawalStep: URIRef
    InvitationStep: URIRef
    AccessionProtocolStep: URIRef
    SaaSignedStep: URIRef
    SaaInForceStep: URIRef
    RelationsEventScheme: URIRef
    RelationsEstablished: URIRef
    RelationsSuspended: URIRef
    RelationsSevered: URIRef
    RelationsRestored: URIRef
    MissionTypeScheme: URIRef
    Embassy: URIRef
    ConsulateGeneral: URIRef
    Consulate: URIRef
    HonoraryConsulate: URIRef
    PermanentMission: URIRef
    LiaisonOffice: URIRef
    CareerMissionTypes: URIRef
    NarrativeThemeScheme: URIRef
    YouthTheme: URIRef
    InnovationTheme: URIRef
    InvestmentTheme: URIRef
    EuropeanIdentityTheme: URIRef
    GratitudeTheme: URIRef
    TourismTheme: URIRef
    CultureTheme: URIRef
    DiasporaTheme: URIRef
    RecognitionTheme: URIRef
    SportTheme: URIRef
    ReformTheme: URIRef
    AudienceScheme: URIRef
    ForeignPublicAudience: URIRef
    ForeignGovernmentsAudience: URIRef
    InvestorsAudience: URIRef
    TouristsAudience: URIRef
    DiasporaAudience: URIRef
    DomesticAudience: URIRef
    YouthAudience: URIRef
    MediaAudience: URIRef
    HolderTypeScheme: URIRef
    MinistryHolder: URIRef
    MinisterHolder: URIRef
    HeadOfStateHolder: URIRef
    HeadOfGovernmentHolder: URIRef
    EmbassyHolder: URIRef
    DelegationHolder: URIRef
    CampaignHolder: URIRef
    AgencyHolder: URIRef
    MediaOutletHolder: URIRef
    CulturalInstituteHolder: URIRef
    InstrumentKindScheme: URIRef
    MediaOutletInstrument: URIRef
    NewsAgencyInstrument: URIRef
    CulturalInstituteInstrument: URIRef
    DevelopmentAgencyInstrument: URIRef
    DelegationInstrument: URIRef
    InformationOfficeInstrument: URIRef
    IncidentKindScheme: URIRef
    CyberAttack: URIRef
    HackAndLeak: URIRef
    DDoSAttack: URIRef
    DisinformationCampaign: URIRef
    Defacement: URIRef
    IndicatorScheme: URIRef
    YouthUnemployment: URIRef
    Unemployment: URIRef
    NetMigration: URIRef
    InternetUsers: URIRef
    GDPPerCapita: URIRef
    YouthUnemploymentFemale: URIRef
    YouthUnemploymentMale: URIRef
    Population: URIRef
    Remittances: URIRef
    ForeignDirectInvestment: URIRef
    TourismReceipts: URIRef
    BroadbandSubscriptions: URIRef
    MobileSubscriptions: URIRef
    CorruptionPerception: URIRef
    UnitScheme: URIRef
    Percent: URIRef
    USDollarsCurrent: URIRef
    Persons: URIRef
    Score: URIRef
    PerHundredPeople: URIRef
    PercentOfExports: URIRef
    ViewpointScheme: URIRef
    KosovoViewpoint: URIRef
    SerbiaViewpoint: URIRef
    UndisputedViewpoint: URIRef
