//! The projects created in 2003, after the information meeting of 5 July: the first files the
//! center set up, now delivered or under way (invented, like every project of the demo).

use super::institutions::PartnerKey::{Ads, Chimique, Prefecture, Textiles};
use super::mad;
use super::rows::{ProjectRow, in_kind, money, payment, step};
use super::territory::{OrgKey, ZoneKey};
use crate::domain::commitment::CommitmentKind::Equipment;
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus::{
    self, Approved, Completed, Draft, InPreparation, InProgress, SeekingFunding, UnderReview,
};

pub(super) const PROJECTS: &[ProjectRow] = &[
    ProjectRow {
        carrier: OrgKey::Baraka,
        zone: Some(ZoneKey::Wafae),
        pasec: true,
        title: "Atelier de roulage de couscous pour les femmes de Hay Al Wafae",
        summary: "Équiper un local collectif pour que les coopératrices roulent et conditionnent \
                  le couscous selon les normes d'hygiène et le vendent aux commerces de la ville.",
        sector: Sector::IncomeGeneration,
        total_cost: mad(180_000),
        own_contribution: mad(27_000),
        beneficiaries: 35,
        starts_on: Some("2003-11-03"),
        ends_on: Some("2004-10-29"),
        steps: &[
            step(Draft, "2003-07-21T10:00:00Z")
                .note("Idée présentée à la rencontre du 5 juillet 2003"),
            step(InPreparation, "2003-07-28T09:30:00Z").note("Montage du dossier avec le centre"),
            step(SeekingFunding, "2003-08-25T11:00:00Z")
                .note("Dossier complet, recherche de financements"),
            step(UnderReview, "2003-09-22T10:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(Approved, "2003-10-13T15:00:00Z").note("Approuvé par le comité PASEC"),
            step(InProgress, "2003-11-03T09:00:00Z").note("Plan de financement bouclé, démarrage"),
            step(Completed, "2004-11-15T10:00:00Z").note("Atelier en service, rapport final remis"),
        ],
        commitments: &[
            money(Ads, mad(126_000), "2003-09-15")
                .about("Cofinancement PASEC (70 %)")
                .confirmed("2003-10-13")
                .paid(&[
                    payment(mad(75_600), "2003-11-10", "ADS-VIR-2003-041"),
                    payment(mad(50_400), "2004-05-17", "ADS-VIR-2004-017"),
                ]),
            in_kind(Chimique, Equipment, "2003-10-06")
                .valued(mad(27_000))
                .about("Don d'un rouleur-calibreur à couscous et de deux séchoirs")
                .confirmed("2003-10-13")
                .delivered("2003-12-01"),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Tadamoun,
        zone: Some(ZoneKey::Rachidia),
        pasec: true,
        title: "Cours d'alphabétisation fonctionnelle pour les femmes de Hay Rachidia",
        summary: "Deux cycles de cours d'alphabétisation et de calcul de la vie courante pour \
                  120 femmes, avec des manuels en arabe dialectal.",
        sector: Sector::Education,
        total_cost: mad(96_000),
        own_contribution: mad(14_400),
        beneficiaries: 120,
        starts_on: Some("2003-10-20"),
        ends_on: Some("2004-06-30"),
        steps: &[
            step(Draft, "2003-07-30T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2003-08-04T10:00:00Z")
                .note("Montage avec les cadres de la préfecture"),
            step(SeekingFunding, "2003-08-29T10:00:00Z").note("Budget arrêté"),
            step(UnderReview, "2003-09-22T11:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(Approved, "2003-10-13T15:30:00Z").note("Approuvé par le comité PASEC"),
            step(InProgress, "2003-10-20T09:00:00Z").note("Premier cycle ouvert"),
            step(Completed, "2004-07-12T10:00:00Z")
                .note("Deux cycles achevés, 104 femmes certifiées"),
        ],
        commitments: &[
            money(Ads, mad(67_200), "2003-09-15")
                .about("Cofinancement PASEC (70 %)")
                .confirmed("2003-10-13")
                .paid(&[
                    payment(mad(26_880), "2003-10-27", "ADS-VIR-2003-038"),
                    payment(mad(26_880), "2004-01-19", "ADS-VIR-2004-004"),
                    payment(mad(13_440), "2004-06-14", "ADS-VIR-2004-023"),
                ]),
            money(Prefecture, mad(14_400), "2003-10-01")
                .about("Fournitures et manuels d'alphabétisation")
                .confirmed("2003-10-13")
                .paid(&[payment(mad(14_400), "2003-11-24", "PREF-OP-2003-112")]),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Chabab,
        zone: Some(ZoneKey::ElHassania),
        pasec: true,
        title: "Équipement de la salle de sport de quartier d'El Hassania",
        summary: "Réhabiliter et équiper une salle omnisport ouverte aux jeunes du quartier, \
                  encadrée par des sportifs bénévoles.",
        sector: Sector::Sport,
        total_cost: mad(150_000),
        own_contribution: mad(22_500),
        beneficiaries: 300,
        starts_on: Some("2004-03-01"),
        ends_on: Some("2005-09-30"),
        steps: &[
            step(Draft, "2003-09-08T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2003-09-15T10:00:00Z").note("Devis demandés"),
            step(SeekingFunding, "2003-11-17T10:00:00Z").note("Dossier présenté aux industriels"),
            step(UnderReview, "2004-01-19T10:00:00Z").note("Soumis au comité PASEC de l'ADS"),
            step(Approved, "2004-02-09T15:00:00Z").note("Approuvé par le comité PASEC"),
            step(InProgress, "2004-03-01T09:00:00Z").note("Travaux de réhabilitation lancés"),
        ],
        commitments: &[
            money(Ads, mad(100_000), "2003-12-08")
                .about("Cofinancement PASEC")
                .confirmed("2004-02-09")
                .paid(&[payment(mad(60_000), "2004-03-15", "ADS-VIR-2004-009")]),
            money(Textiles, mad(27_500), "2003-12-15")
                .about("Contribution à l'achat des équipements sportifs")
                .confirmed("2004-02-09")
                .paid(&[payment(mad(27_500), "2004-03-22", "TEXMO-VIR-2004-002")]),
        ],
    },
    ProjectRow {
        carrier: OrgKey::Ennahda,
        zone: Some(ZoneKey::Kasbah),
        pasec: true,
        title: "Ludothèque et ateliers culturels pour les enfants de la Kasbah",
        summary: "Ouvrir une ludothèque et des ateliers de théâtre et de dessin le mercredi et \
                  le samedi pour les enfants du quartier.",
        sector: Sector::Culture,
        total_cost: mad(45_000),
        own_contribution: mad(4_500),
        beneficiaries: 80,
        starts_on: None,
        ends_on: None,
        steps: &[
            step(Draft, "2003-10-20T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2003-11-03T10:00:00Z").note("Montage du dossier"),
            step(ProjectStatus::Cancelled, "2004-04-26T10:00:00Z")
                .note("L'association a suspendu ses activités; dossier abandonné"),
        ],
        commitments: &[],
    },
];
