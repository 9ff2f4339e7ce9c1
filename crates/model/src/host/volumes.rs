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
