//! The projects created in 2004: every stage of the workflow at once, including back-steps, a
//! rejection, a withdrawn pledge and a project financed by the city's industrialists alone.

use super::institutions::PartnerKey::{Ads, Chimique, Mecanique, Prefecture, Textiles};
use super::mad;
use super::rows::{ProjectRow, in_kind, money, payment, step};
use super::territory::{OrgKey, ZoneKey};
use crate::domain::commitment::CommitmentKind::{
    Equipment, Premises, TechnicalAssistance, Training,
};
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus::{
    Approved, Draft, InPreparation, InProgress, Rejected, SeekingFunding, UnderReview,
};

pub(super) const PROJECTS: &[ProjectRow] = &[
    ProjectRow {
        carrier: OrgKey::Bassma,
        zone: Some(ZoneKey::Kasbah),
        pasec: true,
        title: "Centre d'écoute et d'orientation pour les personnes en situation de handicap",
        summary: "Un lieu d'accueil, d'écoute et d'orientation des familles vers les soins, \
                  l'appareillage et la scolarisation adaptée.",
        sector: Sector::Disability,
        total_cost: mad(240_000),
        own_contribution: mad(36_000),
        beneficiaries: 150,
        starts_on: Some("2004-10-04"),
        ends_on: Some("2005-12-30"),
        steps: &[
            step(Draft, "2004-01-12T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2004-01-19T10:00:00Z").note("Étude des besoins des familles"),
            step(SeekingFunding, "2004-03-08T10:00:00Z").note("Budget arrêté"),
            step(UnderReview, "2004-05-10T10:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(Approved, "2004-06-21T15:00:00Z").note("Approuvé, avec le local de la préfecture"),
            step(InProgress, "2004-10-04T09:00:00Z").note("Local aménagé, ouverture au public"),
        ],
        commitments: &[
            // Withdrawn before any payment; the prefecture's premises took its place.
            money(Mecanique, mad(36_000), "2004-03-29")
                .about("Don annoncé pour l'aménagement du local")
                .cancelled("2004-06-07"),
            money(Ads, mad(168_000), "2004-04-12")
                .about("Cofinancement PASEC (70 %)")
                .confirmed("2004-06-21")
                .paid(&[
                    payment(mad(84_000), "2004-10-18", "ADS-VIR-2004-036"),
                    payment(mad(42_000), "2005-04-11", "ADS-VIR-2005-012"),
                ]),
            in_kind(Prefecture, Premises, "2004-06-07")
                .valued(mad(36_000))
                .about("Mise à disposition d'un local, valorisée sur la durée du projet")
                .confirmed("2004-06-21"),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Khayata,
        zone: Some(ZoneKey::Rachidia),
        pasec: true,
        title: "Atelier de couture et de broderie pour les jeunes filles de Hay Rachidia",
        summary: "Former des jeunes filles déscolarisées à la couture et à la broderie et \
                  produire pour les commandes de la coopérative.",
        sector: Sector::Crafts,
        total_cost: mad(120_000),
        own_contribution: mad(18_000),
        beneficiaries: 40,
        starts_on: Some("2005-07-04"),
        ends_on: Some("2006-06-30"),
        steps: &[
            step(Draft, "2004-02-16T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2004-02-23T10:00:00Z").note("Montage du dossier"),
            step(SeekingFunding, "2004-05-03T10:00:00Z").note("Budget arrêté"),
            step(UnderReview, "2005-02-21T10:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(Approved, "2005-05-16T15:00:00Z").note("Approuvé; démarrage prévu en juillet"),
        ],
        commitments: &[
            in_kind(Textiles, Equipment, "2004-11-22")
                .valued(mad(18_000))
                .about("Don de six machines à coudre industrielles et d'une surjeteuse")
                .confirmed("2005-05-16"),
            money(Ads, mad(84_000), "2005-01-24")
                .about("Cofinancement PASEC (70 %)")
                .confirmed("2005-05-16"),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Nour,
        zone: Some(ZoneKey::Wafae),
        pasec: true,
        title: "Caravane médicale et sensibilisation à la santé maternelle",
        summary: "Deux journées de consultations gratuites et des séances de sensibilisation \
                  au suivi de la grossesse.",
        sector: Sector::Health,
        total_cost: mad(60_000),
        own_contribution: mad(6_000),
        beneficiaries: 500,
        starts_on: None,
        ends_on: None,
        steps: &[
            step(Draft, "2004-03-22T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2004-03-29T10:00:00Z").note("Montage du dossier"),
            step(SeekingFunding, "2004-05-17T10:00:00Z").note("Budget arrêté"),
            step(UnderReview, "2004-06-21T10:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(Rejected, "2004-07-19T15:00:00Z")
                .note("Action ponctuelle sans pérennité, hors du champ du PASEC"),
        ],
        commitments: &[money(Ads, mad(42_000), "2004-06-14")
            .about("Cofinancement PASEC demandé")
            .cancelled("2004-07-19")],
    },
    ProjectRow {
        carrier: OrgKey::AlAmal,
        zone: Some(ZoneKey::AlAlia),
        pasec: false,
        title: "Initiation aux métiers de la maintenance industrielle pour les jeunes d'Al Alia",
        summary: "Une formation de dix mois en mécanique et électricité, avec des stages dans \
                  les usines de la ville.",
        sector: Sector::Youth,
        total_cost: mad(90_000),
        own_contribution: mad(9_000),
        beneficiaries: 24,
        starts_on: Some("2004-10-11"),
        ends_on: Some("2005-07-29"),
        steps: &[
            step(Draft, "2004-04-05T10:00:00Z").note("Idée née du dialogue avec les industriels"),
            step(InPreparation, "2004-04-12T10:00:00Z").note("Programme établi avec les usines"),
            step(SeekingFunding, "2004-05-24T10:00:00Z").note("Budget arrêté"),
            step(UnderReview, "2004-07-05T10:00:00Z").note("Examen par le comité du centre"),
            step(Approved, "2004-09-13T15:00:00Z").note("Approuvé par le comité du centre"),
            step(InProgress, "2004-10-11T09:00:00Z").note("Première promotion accueillie"),
        ],
        commitments: &[
            money(Chimique, mad(45_000), "2004-06-28")
                .about("Bourses et frais de formation")
                .confirmed("2004-09-13")
                .paid(&[payment(mad(30_000), "2004-10-25", "SCL-VIR-2004-058")]),
            in_kind(Mecanique, Training, "2004-07-12")
                .valued(mad(36_000))
                .about("Stages encadrés par les techniciens de l'entreprise, valorisés")
                .confirmed("2004-09-13"),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Nassij,
        zone: Some(ZoneKey::BeniYakhlef),
        pasec: true,
        title: "Modernisation des métiers à tisser de la coopérative Nassij",
        summary: "Remplacer six métiers à tisser et former les tisserandes à de nouveaux motifs \
                  pour les tapis et les hanbels.",
        sector: Sector::Crafts,
        total_cost: mad(135_000),
        own_contribution: mad(20_250),
        beneficiaries: 30,
        starts_on: None,
        ends_on: None,
        steps: &[
            step(Draft, "2004-06-07T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2004-06-14T10:00:00Z").note("Montage du dossier"),
            step(SeekingFunding, "2004-09-06T10:00:00Z").note("Budget arrêté"),
            step(UnderReview, "2004-12-06T10:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(SeekingFunding, "2005-01-10T10:00:00Z")
                .note("Renvoyé: devis des métiers à tisser à actualiser"),
            step(UnderReview, "2005-03-14T10:00:00Z").note("Soumis à nouveau, devis actualisés"),
        ],
        commitments: &[
            money(Ads, mad(94_500), "2004-11-29").about("Cofinancement PASEC (70 %)"),
            money(Chimique, mad(15_000), "2005-02-07")
                .about("Contribution à l'achat des métiers à tisser")
                .due("2005-09-30"),
        ],
    },
    ProjectRow {
        carrier: OrgKey::AlAmal,
        zone: Some(ZoneKey::AlAlia),
        pasec: true,
        title: "Soutien scolaire et bibliothèque de quartier à Al Alia",
        summary: "Des cours de soutien du soir pour les collégiens et une bibliothèque de prêt \
                  ouverte aux familles.",
        sector: Sector::Education,
        total_cost: mad(84_000),
        own_contribution: mad(12_600),
        beneficiaries: 200,
        starts_on: None,
        ends_on: None,
        steps: &[
            step(Draft, "2004-09-20T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2004-09-27T10:00:00Z").note("Montage du dossier"),
            step(SeekingFunding, "2004-12-13T10:00:00Z").note("Budget arrêté"),
        ],
        commitments: &[
            money(Mecanique, mad(10_000), "2005-01-17")
                .about("Achat d'ouvrages pour la bibliothèque"),
            money(Ads, mad(50_000), "2005-03-07").about("Cofinancement PASEC"),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Environnement,
        zone: Some(ZoneKey::BeniYakhlef),
        pasec: true,
        title: "Collecte et tri des déchets ménagers à Beni Yakhlef",
        summary: "Une charrette de collecte, un point de tri et des emplois de quartier pour \
                  les douars non desservis.",
        sector: Sector::Environment,
        total_cost: mad(210_000),
        own_contribution: mad(21_000),
        beneficiaries: 1_200,
        starts_on: None,
        ends_on: None,
        steps: &[
            step(Draft, "2004-11-08T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2004-11-15T10:00:00Z").note("Montage du dossier"),
            step(SeekingFunding, "2005-01-24T10:00:00Z").note("Budget arrêté"),
            step(InPreparation, "2005-02-14T10:00:00Z")
                .note("Étude d'impact demandée par la commune"),
            step(SeekingFunding, "2005-04-18T10:00:00Z").note("Étude d'impact jointe au dossier"),
        ],
        commitments: &[
            // Not valued: it counts for nothing in the financing plan.
            in_kind(Prefecture, TechnicalAssistance, "2005-02-21")
                .about("Appui des services techniques pour le choix du point de tri"),
            money(Ads, mad(147_000), "2005-05-09").about("Cofinancement PASEC (70 %)"),
        ],
    },
];
