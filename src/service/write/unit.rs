//! The write pipeline, one for every use case: begin → replay (idempotency) → lock → check →
//! write → audit → money rules → commit → publish. A use case states its locks, checks and
//! writes; [`Write`] owns the rest: the transaction, the idempotency key, `version` and
//! `updated_at`, the audit rows, the money rules of every project the write touched (checked
//! once, after the last write, whatever the operation), the commit and the change events.

use std::str::FromStr;

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, ModelTrait, Select, Value,
};

use crate::auth::viewer::Viewer;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::project;
use crate::error::{AppError, Result};
use crate::service::audit;
use crate::service::events::{ChangeKind, Changed, Entity, Scope};
use crate::service::funding::{ProjectMoney, Projects, project_money};
use crate::service::write::{self, Services};

/// The input fields a broken money rule is reported on.
#[derive(Clone, Copy, Debug)]
pub struct Blame {
    /// Where `OVERFUNDED` points.
    pub overfunded: &'static str,
    /// Where `COFINANCING_CAP_EXCEEDED` points.
    pub capped: &'static str,
}

impl Blame {
    /// Both rules reported on one field.
    pub const fn on(field: &'static str) -> Self {
        Self {
            overfunded: field,
            capped: field,
        }
    }
}

/// One write in progress. Dropping it without [`Write::commit`] rolls everything back.
pub struct Write<'a> {
    services: &'a Services,
    viewer: &'a Viewer,
    txn: DatabaseTransaction,
    /// The create operation and its idempotency key, remembered with the first row inserted.
    idempotency: Option<(&'static str, &'a str)>,
    events: Vec<Changed>,
    projects: Vec<i64>,
    programs: Vec<i64>,
    blame: Blame,
}

/// How a create begins: with what an earlier request with the same idempotency key made, or
/// with a fresh write.
pub enum Begun<'a, M> {
    Replayed(M),
    Fresh(Write<'a>),
}

impl<'a> Write<'a> {
    /// Begins a write (an immediate transaction on SQLite; see [`write::begin`]).
    pub async fn begin(services: &'a Services, viewer: &'a Viewer) -> Result<Self> {
        Ok(Self {
            services,
            viewer,
            txn: write::begin(&services.db).await?,
            idempotency: None,
            events: Vec::new(),
            projects: Vec::new(),
            programs: Vec::new(),
            blame: Blame::on("input"),
        })
    }

    /// Begins a create: when `key` was already used by this caller for `operation`, what that
    /// create made, and nothing is written.
    pub async fn create<E>(
        services: &'a Services,
        viewer: &'a Viewer,
        operation: &'static str,
        key: Option<&'a str>,
    ) -> Result<Begun<'a, E::Model>>
    where
        E: EntityTrait,
        <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
    {
        let mut begun = Self::begin(services, viewer).await?;
        if let Some(existing) = write::earlier::<E>(&begun.txn, viewer, operation, key).await? {
            begun.txn.commit().await?;
            return Ok(Begun::Replayed(existing));
        }
        begun.idempotency = key.map(|key| (operation, key));
        Ok(Begun::Fresh(begun))
    }

    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    pub fn viewer(&self) -> &'a Viewer {
        self.viewer
    }

    /// The row `select` finds, locked until the commit (see [`write::locked`]).
    pub async fn lock<E: EntityTrait>(&self, select: Select<E>) -> Result<Option<E::Model>> {
        Ok(write::locked(select, &self.txn).one(&self.txn).await?)
    }

    /// Locks a project and puts it under the money rules, checked before the commit.
    pub async fn lock_project(&mut self, id: i64) -> Result<Option<project::Model>> {
        let found = self.lock(project::Entity::find_by_id(id)).await?;
        if found.is_some() {
            self.guard_project(id);
        }
        Ok(found)
    }

    /// Checks the money rules of this project before the commit.
    pub fn guard_project(&mut self, id: i64) {
        if !self.projects.contains(&id) {
            self.projects.push(id);
        }
    }

    /// Checks the money rules of every project of this program before the commit.
    pub fn guard_program(&mut self, id: i64) {
        if !self.programs.contains(&id) {
            self.programs.push(id);
        }
    }

    /// Which input fields a broken money rule is reported on.
    pub fn blame(&mut self, blame: Blame) {
        self.blame = blame;
    }

    /// Inserts a new row (version 1, stamped now), remembers the idempotency key with it, and
    /// records `action` on `entity` with the fields the input set.
    pub async fn insert<A>(
        &mut self,
        entity: Entity,
        action: &str,
        mut row: A,
        fields: &[&str],
    ) -> Result<<A::Entity as EntityTrait>::Model>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        let now = crate::service::now();
        stamp(&mut row, "created_at", now.into());
        stamp(&mut row, "updated_at", now.into());
        stamp(&mut row, "version", 1_i32.into());
        let created = row.insert(&self.txn).await?;
        let id = id_of(&created)?;
        if let Some((operation, key)) = self.idempotency.take() {
            let entity_type = entity.name();
            write::remember(
                &self.txn,
                self.viewer,
                operation,
                Some(key),
                entity_type,
                id,
            )
            .await?;
        }
        self.record(entity, action, id, fields, ChangeKind::Created)
            .await?;
        Ok(created)
    }

    /// Updates a row: one more version (when the table has one), stamped now, `action` recorded
    /// with the fields that changed.
    pub async fn update<A>(
        &mut self,
        entity: Entity,
        action: &str,
        kind: ChangeKind,
        mut row: A,
        fields: &[&str],
    ) -> Result<<A::Entity as EntityTrait>::Model>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        stamp(&mut row, "updated_at", crate::service::now().into());
        if let Some(version) = version_of(&row) {
            stamp(&mut row, "version", (version + 1).into());
        }
        let updated = row.update(&self.txn).await?;
        let id = id_of(&updated)?;
        self.record(entity, action, id, fields, kind).await?;
        Ok(updated)
    }

    /// Finishes an update of `current`: writes `row` when `fields` changed (else nothing), then
    /// commits; returns the row as it now stands.
    pub async fn commit_update<A>(
        mut self,
        entity: Entity,
        action: &str,
        row: A,
        current: <A::Entity as EntityTrait>::Model,
        fields: &[&str],
    ) -> Result<<A::Entity as EntityTrait>::Model>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        if fields.is_empty() {
            self.commit().await?;
            return Ok(current);
        }
        let updated = self
            .update(entity, action, ChangeKind::Updated, row, fields)
            .await?;
        self.commit().await?;
        Ok(updated)
    }

    /// Records a change made otherwise (a row without a version, a bulk update): its audit row
    /// now, its event after the commit.
    pub async fn record(
        &mut self,
        entity: Entity,
        action: &str,
        id: i64,
        fields: &[&str],
        kind: ChangeKind,
    ) -> Result<()> {
        audit::record(&self.txn, self.viewer, action, entity.name(), id, fields).await?;
        self.events.push(Changed {
            kind,
            entity,
            id,
            scope: None,
        });
        Ok(())
    }

    /// Deletes `row` (a record entered by mistake) and records `action` on `entity`: its audit
    /// row now; after the commit its REMOVED event, which carries `scope` since the row can no
    /// longer be read back.
    pub async fn remove<M>(
        &mut self,
        entity: Entity,
        action: &str,
        row: M,
        scope: Scope,
    ) -> Result<()>
    where
        M: ModelTrait + IntoActiveModel<<M::Entity as EntityTrait>::ActiveModel>,
        <M::Entity as EntityTrait>::ActiveModel: Send,
    {
        let id = id_of(&row)?;
        let row: <M::Entity as EntityTrait>::ActiveModel = row.into_active_model();
        row.delete(&self.txn).await?;
        audit::record(&self.txn, self.viewer, action, entity.name(), id, &[]).await?;
        self.events.push(Changed {
            kind: ChangeKind::Removed,
            entity,
            id,
            scope: Some(scope),
        });
        Ok(())
    }

    /// Checks the money rules of every project the write touched, commits, then publishes the
    /// changes (never for a write that did not commit).
    pub async fn commit(self) -> Result<()> {
        let mut touched = project_money(&self.txn, Projects::Ids(&self.projects)).await?;
        for &program in &self.programs {
            touched.extend(project_money(&self.txn, Projects::OfProgram(program)).await?);
        }
        for project in &touched {
            check_rules(project, self.blame)?;
        }
        self.services
            .events
            .announce(&self.txn, &self.events)
            .await?;
        self.txn.commit().await?;
        for change in self.events {
            self.services.events.publish_change(change);
        }
        Ok(())
    }
}

/// `OVERFUNDED` or `COFINANCING_CAP_EXCEEDED` when the project's money breaks a rule.
fn check_rules(project: &ProjectMoney, blame: Blame) -> Result<()> {
    let Err(code) = project.plan()?.check() else {
        return Ok(());
    };
    let (field, message) = match code {
        ErrorCode::CofinancingCapExceeded => (
            blame.capped,
            "the program's funder would exceed its co-financing cap",
        ),
        _ => (
            blame.overfunded,
            "the financing plan would exceed the project's total cost",
        ),
    };
    let path: &[&str] = if field == "input" {
        &["input"]
    } else {
        &["input", field]
    };
    Err(UserError::new(
        code,
        path,
        format!("{message} (project {})", project.reference),
    )
    .into())
}

/// Sets a column by name when the table has it (`version` is not on every table).
fn stamp<A: ActiveModelTrait>(row: &mut A, column: &str, value: Value) {
    if let Ok(column) = <<A::Entity as EntityTrait>::Column as FromStr>::from_str(column) {
        row.set(column, value);
    }
}

/// The version a row was read at, when its table has one.
fn version_of<A: ActiveModelTrait>(row: &A) -> Option<i32> {
    let column = <<A::Entity as EntityTrait>::Column as FromStr>::from_str("version").ok()?;
    match row.get(column).into_value()? {
        Value::Int(version) => version,
        _ => None,
    }
}

/// The `id` of a row.
fn id_of<M: ModelTrait>(model: &M) -> Result<i64> {
    let column = <<M::Entity as EntityTrait>::Column as FromStr>::from_str("id")
        .map_err(|_| AppError::Internal(DbErr::Custom("a table without an id column".into())))?;
    match model.get(column) {
        Value::BigInt(Some(id)) => Ok(id),
        Value::Int(Some(id)) => Ok(i64::from(id)),
        other => Err(AppError::Internal(DbErr::Custom(format!(
            "an id that is not an integer: {other:?}"
        )))),
    }
}
