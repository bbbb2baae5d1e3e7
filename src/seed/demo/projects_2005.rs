//! The projects created in 2005, still being set up: no commitment yet, so a new user can take
//! them through the workflow and the financing rules themselves.

use super::mad;
use super::rows::{ProjectRow, step};
use super::territory::{OrgKey, ZoneKey};
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus::{Draft, InPreparation};

pub(super) const PROJECTS: &[ProjectRow] = &[
    ProjectRow {
        carrier: OrgKey::Nour,
        zone: Some(ZoneKey::Wafae),
        pasec: true,
        title: "Crèche communautaire pour les enfants des ouvrières de Hay Al Wafae",
        summary: "Une crèche aux horaires des équipes d'usine, tenue par des mères du quartier \
                  formées à la petite enfance.",
        sector: Sector::Women,
        total_cost: mad(165_000),
        own_contribution: mad(24_750),
        beneficiaries: 60,
        starts_on: None,
        ends_on: None,
        steps: &[
            step(Draft, "2005-02-14T10:00:00Z").note("Dossier ouvert au centre"),
            step(InPreparation, "2005-02-28T10:00:00Z").note("Recherche d'un local adapté"),
        ],
        commitments: &[],
    },
    ProjectRow {
        carrier: OrgKey::Chabab,
        zone: Some(ZoneKey::ElHassania),
        pasec: true,
        title: "École de football et tournoi inter-quartiers d'El Hassania",
        summary: "Une école de football pour les 8-14 ans et un tournoi annuel entre les \
                  quartiers de la ville.",
        sector: Sector::Sport,
        total_cost: mad(70_000),
        own_contribution: mad(10_500),
        beneficiaries: 150,
        starts_on: None,
        ends_on: None,
        steps: &[step(Draft, "2005-04-11T10:00:00Z").note("Idée déposée par l'association")],
        commitments: &[],
    },
    ProjectRow {
        carrier: OrgKey::Baraka,
        // City-wide: the shop would sell for every cooperative, whatever its neighbourhood.
        zone: None,
        pasec: true,
        title: "Point de vente collectif des produits des coopératives de Mohammédia",
        summary: "Une boutique partagée au centre-ville pour les produits des coopératives \
                  accompagnées par le centre.",
        sector: Sector::IncomeGeneration,
        total_cost: mad(110_000),
        own_contribution: mad(11_000),
        beneficiaries: 90,
        starts_on: None,
        ends_on: None,
        steps: &[step(Draft, "2005-05-23T10:00:00Z").note("Idée déposée par la coopérative")],
        commitments: &[],
    },
];
