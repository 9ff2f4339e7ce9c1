//! What the play tests share: reading a scenario folder into memory.

use std::path::Path;

use composenet_loader::MemorySource;

/// Copies the folder `dir` into memory under `virtual_dir`, sorted, with
/// the files `keep` accepts (scenario metadata and recorded facts are not
/// the scenario's own files).
pub fn load_dir(
    dir: &Path,
    virtual_dir: &Path,
    files: &mut MemorySource,
    keep: &dyn Fn(&Path) -> bool,
) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap();
        if path.is_dir() {
            load_dir(&path, &virtual_dir.join(name), files, keep);
        } else if keep(&path) {
            files.insert(
                virtual_dir.join(name),
                std::fs::read_to_string(&path).unwrap(),
            );
        }
    }
}
