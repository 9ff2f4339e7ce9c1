//! Named volumes: they outlive the containers that mount them.

use super::*;

impl Host {
    /// `docker volume create`; creating an existing volume is not an error
    /// (Docker returns the existing one).
    pub fn volume_create(
        &mut self,
        name: &str,
        driver: &str,
        labels: IndexMap<String, String>,
    ) -> VolumeId {
        if let Some(v) = self.volumes.values().find(|v| v.name == name) {
            return v.id;
        }
        let anonymous = name.is_empty();
        let name = if anonymous {
            self.rng.hex(64)
        } else {
            name.to_string()
        };
        let id = VolumeId(self.fresh_id());
        self.volumes.insert(
            id,
            Volume {
                id,
                name: name.clone(),
                driver: if driver.is_empty() {
                    "local".into()
                } else {
                    driver.into()
                },
                labels,
                created: self.now,
                anonymous,
                data: None,
            },
        );
        self.emit(EventKind::VolumeCreated { name });
        id
    }

    pub fn find_volume(&self, name: &str) -> Option<VolumeId> {
        self.volumes.values().find(|v| v.name == name).map(|v| v.id)
    }

    /// Containers (running or not) that mount a volume.
    pub fn volume_users(&self, name: &str) -> Vec<String> {
        self.containers
            .values()
            .filter(|c| {
                c.spec
                    .mounts
                    .iter()
                    .any(|m| m.kind == MountKind::Volume && m.source == name)
            })
            .map(|c| c.docker_id.clone())
            .collect()
    }

    pub fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), VolumeError> {
        let id = self
            .find_volume(name)
            .ok_or_else(|| VolumeError::NotFound(name.to_string()))?;
        let users = self.volume_users(name);
        if !users.is_empty() && !force {
            return Err(VolumeError::InUse {
                name: name.to_string(),
                users: users.join(", "),
            });
        }
        self.volumes.shift_remove(&id);
        self.emit(EventKind::VolumeRemoved {
            name: name.to_string(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! Each test plays a script of host operations (see
    //! `host::testing`) and compares what happened with the expected text.

    use crate::host::testing::check;

    #[test]
    fn create_is_idempotent_and_a_mount_creates_on_first_use() {
        check(
            "
            volume create data
            volume create data
            run db volume=data
            run cache volume=fresh
            ",
            "
            0.000s  volume data created
            0.000s  container db created from nginx
            0.000s  db gets 172.17.0.2 on bridge: lowest free address
            0.000s  veth pair veth<db/bridge>@if4 (host, on docker0) <-> eth0@if5 (in db), mac <mac db/bridge>
            0.000s  container db started
            0.000s  volume fresh created
            0.000s  container cache created from nginx
            0.000s  cache gets 172.17.0.3 on bridge: lowest free address
            0.000s  veth pair veth<cache/bridge>@if6 (host, on docker0) <-> eth0@if7 (in cache), mac <mac cache/bridge>
            0.000s  container cache started
            ",
        );
    }

    #[test]
    fn a_volume_in_use_is_not_removed() {
        // A stopped container still uses its volumes.
        check(
            "
            volume create data
            run db volume=data
            stop db
            ---
            volume rm data
            rm db
            volume rm data
            volume rm data
            ",
            "
            error: remove data: volume is in use - [<db id>]
            0.000s  container db removed
            0.000s  volume data removed
            error: get data: no such volume
            ",
        );
    }

    #[test]
    fn force_removes_an_unused_volume() {
        check(
            "
            volume create data
            ---
            volume rm -f data
            ",
            "
            0.000s  volume data removed
            ",
        );
    }
}
