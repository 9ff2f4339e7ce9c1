//! What a database server keeps in its data directory: databases, their
//! tables and rows. The model holds it where Docker keeps the files — in
//! the named volume mounted on the image's data directory, or else in the
//! container's own (anonymous) volume — so data outlives a container only
//! when a named volume carries it. Apps declare the rows they write
//! (`x-composenet: writes`); clients (`mysql`, `psql`) read them.

use std::collections::BTreeMap;

/// A table's columns and rows, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The databases of one data directory, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Datastore {
    pub databases: BTreeMap<String, BTreeMap<String, Table>>,
    /// The accounts the server was initialised with, user to password: a
    /// later container on the same volume keeps them whatever its
    /// environment says, as the entrypoint skips initialising.
    pub accounts: BTreeMap<String, String>,
}

/// A table an app writes: `database.table(columns) = rows`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TableWrite {
    pub database: String,
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What a write did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Rows added (none when they were all there already).
    Wrote(usize),
    /// The database does not exist on the server.
    NoDatabase,
}

impl Datastore {
    /// A store initialised with its system databases' user-visible part
    /// (none: the server lists its system schemas itself) and `database`.
    pub fn initialised(database: Option<&str>) -> Self {
        let mut store = Datastore::default();
        if let Some(db) = database.filter(|d| !d.is_empty()) {
            store.databases.insert(db.to_string(), BTreeMap::new());
        }
        store
    }

    /// Creates the table if it is missing and adds the rows it lacks (by
    /// their first column), as an app that inserts its seed rows once.
    pub fn write(&mut self, w: &TableWrite) -> WriteOutcome {
        let Some(db) = self.databases.get_mut(&w.database) else {
            return WriteOutcome::NoDatabase;
        };
        let table = db.entry(w.table.clone()).or_insert_with(|| Table {
            columns: w.columns.clone(),
            rows: Vec::new(),
        });
        let mut added = 0;
        for row in &w.rows {
            if !table.rows.iter().any(|r| r.first() == row.first()) {
                table.rows.push(row.clone());
                added += 1;
            }
        }
        WriteOutcome::Wrote(added)
    }

    /// Sets rows, creating the database and table when missing and
    /// replacing rows with the same first column (a key-value store's
    /// `SET`).
    pub fn set(&mut self, w: &TableWrite) {
        let table = self
            .databases
            .entry(w.database.clone())
            .or_default()
            .entry(w.table.clone())
            .or_insert_with(|| Table {
                columns: w.columns.clone(),
                rows: Vec::new(),
            });
        for row in &w.rows {
            match table.rows.iter_mut().find(|r| r.first() == row.first()) {
                Some(r) => r.clone_from(row),
                None => table.rows.push(row.clone()),
            }
        }
    }
}

/// Reads a `writes` entry: `db.table(col, col) = v, v | v, v`, the rows
/// after `=` separated by `|` and their values by `,`. Without columns or
/// rows the table is created empty with an `id` column.
pub fn parse_write(text: &str) -> Result<TableWrite, String> {
    let (head, rows) = match text.split_once('=') {
        Some((h, r)) => (h.trim(), Some(r)),
        None => (text.trim(), None),
    };
    let (name, columns) = match head.split_once('(') {
        Some((n, cols)) => {
            let cols = cols
                .strip_suffix(')')
                .ok_or_else(|| format!("writes: {text:?}: the column list has no closing )"))?;
            (
                n.trim(),
                cols.split(',').map(|c| c.trim().to_string()).collect(),
            )
        }
        None => (head, vec!["id".to_string()]),
    };
    let Some((database, table)) = name.split_once('.') else {
        return Err(format!(
            "writes: {text:?} names no database: write it as database.table"
        ));
    };
    if database.is_empty() || table.is_empty() {
        return Err(format!(
            "writes: {text:?} has an empty database or table name"
        ));
    }
    let rows: Vec<Vec<String>> = rows
        .map(|r| {
            r.split('|')
                .map(|row| row.split(',').map(|v| v.trim().to_string()).collect())
                .filter(|row: &Vec<String>| row.iter().any(|v| !v.is_empty()))
                .collect()
        })
        .unwrap_or_default();
    if let Some(bad) = rows.iter().find(|r| r.len() != columns.len()) {
        return Err(format!(
            "writes: {text:?}: a row has {} values for {} columns",
            bad.len(),
            columns.len()
        ));
    }
    Ok(TableWrite {
        database: database.trim().to_string(),
        table: table.trim().to_string(),
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_read_and_applied_once() {
        let w =
            parse_write("todos.todo_items(id, name, completed) = a, Do it!, 0 | b, Be, 0").unwrap();
        assert_eq!(w.columns, ["id", "name", "completed"]);
        assert_eq!(w.rows[1], ["b", "Be", "0"]);
        let mut store = Datastore::initialised(Some("todos"));
        assert_eq!(store.write(&w), WriteOutcome::Wrote(2));
        assert_eq!(store.write(&w), WriteOutcome::Wrote(0));
        let mut other = Datastore::initialised(None);
        assert_eq!(other.write(&w), WriteOutcome::NoDatabase);
        for bad in ["todo_items", "a.b(x", "a.b(x) = 1, 2", ".b"] {
            assert!(parse_write(bad).is_err(), "{bad}");
        }
    }
}
