// Replaced by the database set-up once the infrastructure lands.
export default async function setup(): Promise<void> {}
