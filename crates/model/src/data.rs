//! What a database server keeps in its data directory: databases, their
//! tables and rows. The model holds it where Docker keeps the files — in
//! the named volume mounted on the image's data directory, or else in the
//! container's own (anonymous) volume — so data outlives a container only
//! when a named volume carries it. Apps declare the rows they write
//! (`x-composenet: writes`); clients (`mysql`, `psql`) read them.

/// A table's columns and rows, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One database: its tables by name, in the order they were created.
/// A few tables at most, so a list, not a map: each map type costs the
/// page's wasm kilobytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Database {
    pub name: String,
    pub tables: Vec<(String, Table)>,
}

impl Database {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }
}

/// The databases of one data directory, kept sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Datastore {
    pub databases: Vec<Database>,
    /// The accounts the server was initialised with, user and password: a
    /// later container on the same volume keeps them whatever its
    /// environment says, as the entrypoint skips initialising.
    pub accounts: Vec<(String, String)>,
}

/// A table an app writes: `database.table(columns) = rows`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
    /// A store initialised with `database` (the server lists its system
    /// schemas itself).
    pub fn initialised(database: Option<&str>) -> Self {
        let mut store = Datastore::default();
        if let Some(db) = database.filter(|d| !d.is_empty()) {
            store.create(db);
        }
        store
    }

    pub fn database(&self, name: &str) -> Option<&Database> {
        self.databases.iter().find(|d| d.name == name)
    }

    /// The database `name`, created (in name order) when missing.
    fn create(&mut self, name: &str) -> &mut Database {
        let at = match self.databases.iter().position(|d| d.name.as_str() >= name) {
            Some(i) if self.databases[i].name == name => return &mut self.databases[i],
            Some(i) => i,
            None => self.databases.len(),
        };
        self.databases.insert(
            at,
            Database {
                name: name.to_string(),
                tables: Vec::new(),
            },
        );
        &mut self.databases[at]
    }

    /// The password of `user`, if the server has that account.
    pub fn password(&self, user: &str) -> Option<&str> {
        self.accounts
            .iter()
            .find(|(u, _)| u == user)
            .map(|(_, p)| p.as_str())
    }

    /// Creates the table if it is missing and adds the rows it lacks (by
    /// their first column), as an app that inserts its seed rows once; with
    /// `replace`, rows with the same first column are replaced instead, and
    /// a missing database is created (a key-value store's `SET`).
    pub fn write(&mut self, w: &TableWrite, replace: bool) -> WriteOutcome {
        let db = if replace {
            self.create(&w.database)
        } else {
            match self.databases.iter_mut().find(|d| d.name == w.database) {
                Some(db) => db,
                None => return WriteOutcome::NoDatabase,
            }
        };
        let at = match db.tables.iter().position(|(n, _)| *n == w.table) {
            Some(i) => i,
            None => {
                db.tables.push((
                    w.table.clone(),
                    Table {
                        columns: w.columns.clone(),
                        rows: Vec::new(),
                    },
                ));
                db.tables.len() - 1
            }
        };
        let table = &mut db.tables[at].1;
        let mut added = 0;
        for row in &w.rows {
            match table.rows.iter_mut().find(|r| r.first() == row.first()) {
                Some(r) if replace => r.clone_from(row),
                Some(_) => {}
                None => {
                    table.rows.push(row.clone());
                    added += 1;
                }
            }
        }
        WriteOutcome::Wrote(added)
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
    let mut parsed: Vec<Vec<String>> = Vec::new();
    for row in rows.unwrap_or("").split('|') {
        let values: Vec<String> = row.split(',').map(|v| v.trim().to_string()).collect();
        if values.iter().any(|v| !v.is_empty()) {
            parsed.push(values);
        }
    }
    let rows = parsed;
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
        assert_eq!(store.write(&w, false), WriteOutcome::Wrote(2));
        assert_eq!(store.write(&w, false), WriteOutcome::Wrote(0));
        let mut other = Datastore::initialised(None);
        assert_eq!(other.write(&w, false), WriteOutcome::NoDatabase);
        assert_eq!(other.write(&w, true), WriteOutcome::Wrote(2));
        let mut renamed = w.clone();
        renamed.rows[0][1] = "Done".into();
        assert_eq!(other.write(&renamed, true), WriteOutcome::Wrote(0));
        let items = other.database("todos").and_then(|d| d.table("todo_items"));
        assert_eq!(items.unwrap().rows[0][1], "Done");
        for bad in ["todo_items", "a.b(x", "a.b(x) = 1, 2", ".b"] {
            assert!(parse_write(bad).is_err(), "{bad}");
        }
    }
}
